-- The analysts' copies made (pipelines/model/snapshot.py): what they showed, so that a night that changed
-- none of it keeps the copy in place instead of writing the whole warehouse again.
CREATE TABLE IF NOT EXISTS audit.snapshots (
    state       VARCHAR NOT NULL,         -- digest of sql/audit/analyst_state.sql at the copy
    path        VARCHAR NOT NULL,
    made_at     TIMESTAMP DEFAULT current_timestamp
);

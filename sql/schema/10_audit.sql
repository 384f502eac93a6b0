-- Audit layer: the file registry, the load log and the quarantine. Officer-only (may hold raw values).

CREATE TABLE IF NOT EXISTS audit.files (
    file_id        VARCHAR PRIMARY KEY,   -- sha256 of the bytes + ':' + relative path
    sha256         VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,      -- name inside raw/<source>/
    rel_path       VARCHAR NOT NULL,      -- <source>/<file_name>
    batch_date     DATE,                  -- null when the name carries no valid date
    size_bytes     BIGINT,
    status         VARCHAR NOT NULL,      -- loaded | rejected | duplicate
    reason_code    VARCHAR,               -- whole-file reason (rejected) or null
    reason_zh      VARCHAR,
    reason_detail  VARCHAR,
    duplicate_of   VARCHAR,               -- rel_path of the file first loaded with these bytes
    encoding       VARCHAR,
    header_row     INTEGER,
    rows_read      BIGINT DEFAULT 0,
    rows_loaded    BIGINT DEFAULT 0,
    rows_duplicate BIGINT DEFAULT 0,
    rows_quarantined BIGINT DEFAULT 0,
    rows_warned    BIGINT DEFAULT 0,
    run_id         VARCHAR,
    processed_at   TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS audit.load_runs (
    run_id         VARCHAR PRIMARY KEY,
    started_at     TIMESTAMP,
    finished_at    TIMESTAMP,
    raw_dir        VARCHAR,
    files_seen     INTEGER,
    files_loaded   INTEGER,
    files_rejected INTEGER,
    files_duplicate INTEGER,
    rows_read      BIGINT,
    rows_loaded    BIGINT,
    rows_duplicate BIGINT,
    rows_quarantined BIGINT
);

CREATE TABLE IF NOT EXISTS audit.quarantine (
    file_id      VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    row_number   INTEGER NOT NULL,        -- the line (CSV) or sheet row (XLSX) the officer sees
    record_key   VARCHAR,                 -- the row's key value as written, when it has one
    column_name  VARCHAR,                 -- canonical column name
    column_header VARCHAR,                -- the header as written in the officer's file
    raw_value    VARCHAR,
    reason_code  VARCHAR NOT NULL,
    message_zh   VARCHAR NOT NULL,
    run_id       VARCHAR
);

CREATE TABLE IF NOT EXISTS audit.warnings (
    file_id      VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    row_number   INTEGER NOT NULL,
    record_key   VARCHAR,
    column_name  VARCHAR,
    column_header VARCHAR,
    raw_value    VARCHAR,                 -- personal values are masked here
    reason_code  VARCHAR NOT NULL,
    message_zh   VARCHAR NOT NULL,
    run_id       VARCHAR
);

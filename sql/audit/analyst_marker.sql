-- The analysts' file's own table (pipelines/model/analyst_file.py), written anew by every refresh. Per table:
-- the format version of what analysts may see that the file was written under (a refresh that finds another
-- version writes a new file); what the refresh did with the table: written (a whole new file), kept, appended
-- (new files' rows only), updated (rows of changed files), rewritten (a small table written again), added; and
-- the table's fingerprint as the warehouse had it, which the next refresh compares with the warehouse's then:
-- one row per loaded file for staging tables (file_id), one row for the whole table otherwise (file_id null).
CREATE OR REPLACE TABLE {copy}.audit.analyst_copy (
    format_version INTEGER NOT NULL,
    refreshed_at   TIMESTAMP NOT NULL,
    refresh        VARCHAR NOT NULL,      -- full | incremental
    reason         VARCHAR,               -- why a whole new file was written (null when incremental)
    schema_name    VARCHAR NOT NULL,
    table_name     VARCHAR NOT NULL,
    action         VARCHAR NOT NULL,
    file_id        VARCHAR,
    row_count      BIGINT NOT NULL,
    row_hash       HUGEINT NOT NULL
);

-- The analysts' file's own table (pipelines/model/analyst_file.py), written anew by every refresh: the format
-- version of what analysts may see that the file was written under (a refresh that finds another version writes
-- a new file), and per table what the refresh did: written (a whole new file), kept, appended (new files' rows
-- only), updated (rows of changed files), rewritten (a small table written again), added or dropped.
CREATE OR REPLACE TABLE {copy}.audit.analyst_copy (
    format_version INTEGER NOT NULL,
    refreshed_at   TIMESTAMP NOT NULL,
    refresh        VARCHAR NOT NULL,      -- full | incremental
    reason         VARCHAR,               -- why a whole new file was written (null when incremental)
    schema_name    VARCHAR NOT NULL,
    table_name     VARCHAR NOT NULL,
    action         VARCHAR NOT NULL
);

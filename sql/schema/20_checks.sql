-- Validation results (the gate), kept with their history.
CREATE TABLE IF NOT EXISTS audit.check_results (
    check_name   VARCHAR NOT NULL,        -- stable name, e.g. core_units__key_unique
    table_name   VARCHAR NOT NULL,        -- e.g. core.units
    severity     VARCHAR NOT NULL,        -- blocking | warning
    passed       BOOLEAN NOT NULL,
    expectation  VARCHAR,                 -- the Great Expectations expectation type
    expected     VARCHAR,                 -- what was expected, in words or figures
    observed     VARCHAR,                 -- the failing figure
    detail       VARCHAR,                 -- offending values (never personal data)
    period       VARCHAR,                 -- for period-scoped checks (completeness, indicators), else null
    run_id       VARCHAR,
    checked_at   TIMESTAMP DEFAULT current_timestamp
);
-- Reuse (pipelines/validate/inputs.py): a check whose inputs are unchanged is recorded again with its latest
-- result instead of being measured. Added after the table so that older warehouses gain the columns.
-- inputs_sha256: fingerprint of what the check read (null when not evaluated);
-- reused_from: the run_id that measured the result carried forward (null when measured in this run);
-- docs_path: the Data Docs page of the run that measured it.
ALTER TABLE audit.check_results ADD COLUMN IF NOT EXISTS inputs_sha256 VARCHAR;
ALTER TABLE audit.check_results ADD COLUMN IF NOT EXISTS reused_from VARCHAR;
ALTER TABLE audit.check_results ADD COLUMN IF NOT EXISTS docs_path VARCHAR;
-- delta_state (pipelines/validate/delta.py): for a check that may later be measured over new files only, what
-- that needs (a digest of its other inputs, the count and digest of its source's loaded files, and how many new
-- files this result was measured over: 0 for the whole table).
ALTER TABLE audit.check_results ADD COLUMN IF NOT EXISTS delta_state VARCHAR;

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

-- Published packages: one row per version written (a re-publish of unchanged content adds none).
CREATE TABLE IF NOT EXISTS audit.publications (
    county_code         VARCHAR NOT NULL,
    period              VARCHAR NOT NULL,     -- 'YYYY-MM'
    version             INTEGER NOT NULL,     -- 1, 2, ... per county and period; never reused
    path                VARCHAR NOT NULL,     -- the folder holding indicators.csv and manifest.json
    indicators_sha256   VARCHAR NOT NULL,     -- sha256 hex of indicators.csv: what decides a new version
    content_fingerprint VARCHAR NOT NULL,     -- sha256 of the manifest without version and generated_at
    generated_at        VARCHAR NOT NULL,     -- as written in the manifest (ISO 8601, +08:00)
    created_at          TIMESTAMPTZ NOT NULL,
    observations        INTEGER NOT NULL,     -- rows of indicators.csv
    batches             INTEGER NOT NULL,     -- loaded batches it was built from
    checks_passed       INTEGER NOT NULL,     -- latest check results that passed
    warnings_failed     INTEGER NOT NULL,     -- latest warning-level checks that failed (blocking ones refuse)
    employee_threshold  INTEGER NOT NULL,
    PRIMARY KEY (county_code, period, version)
);

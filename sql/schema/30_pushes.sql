-- Pushes to the province: one row per HTTP attempt. Never the token or the Authorization header.
CREATE TABLE IF NOT EXISTS audit.pushes (
    push_id         VARCHAR NOT NULL,     -- one push of one package; its attempts share it
    county_code     VARCHAR NOT NULL,
    period          VARCHAR NOT NULL,     -- 'YYYY-MM'
    version         INTEGER NOT NULL,
    idempotency_key VARCHAR NOT NULL,     -- {county_code}-{period}-v{version}
    checksum        VARCHAR NOT NULL,     -- sha256 hex of the package's indicators.csv
    attempt         INTEGER NOT NULL,     -- 1, 2, ... within the push
    url             VARCHAR NOT NULL,     -- the endpoint called
    http_status     INTEGER,              -- null when no answer came
    error_class     VARCHAR,              -- transport failure (ReadTimeout, ConnectError, ...) when no answer came
    submission_id   VARCHAR,              -- the province's id, when accepted
    replayed        BOOLEAN,              -- accepted earlier under the same key and body (HTTP 200)
    outcome         VARCHAR NOT NULL,     -- accepted | retry | failed | refused
    error_code      VARCHAR,              -- our stable code for refused / failed
    detail          VARCHAR,              -- the province's error list, or the transport error
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ NOT NULL
);

-- Marts layer: the indicators of every computed period, one row per (period, ref_area, indicator).
-- Values are unrounded; rounding happens when a period is published.
CREATE TABLE IF NOT EXISTS marts.indicators (
    period       VARCHAR NOT NULL,        -- 'YYYY-MM'
    ref_area     VARCHAR NOT NULL,        -- the county, a township or a system (core.regions code)
    indicator    VARCHAR NOT NULL,        -- e.g. COV_ESTABLISHMENT_RATE
    unit_measure VARCHAR NOT NULL,        -- COUNT | RATIO | DAYS | CNY | PER_1000
    numerator    DOUBLE,
    denominator  DOUBLE,                  -- null where the indicator is not a ratio
    base         BIGINT,                  -- what decides the U status (low base 1-4)
    value        DOUBLE,                  -- unrounded; null when missing
    obs_status   VARCHAR NOT NULL,        -- A | U | M
    computed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (period, ref_area, indicator)
);

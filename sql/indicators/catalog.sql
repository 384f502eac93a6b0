-- The indicator list (filled from pipelines/indicators/catalog.py): unit, kind, county-only.
CREATE OR REPLACE TEMP TABLE ind_catalog (
    code         VARCHAR PRIMARY KEY,
    unit_measure VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,        -- total | ratio | median | balance
    county_only  BOOLEAN NOT NULL
);

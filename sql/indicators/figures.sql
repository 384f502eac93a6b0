-- The figures every family model adds, before units and statuses are applied (status.sql).
-- Totals carry their figure in `numerator`; ratios their numerator, denominator and base;
-- medians and balance figures their `value` (null over an empty set) and the set size as base.
CREATE OR REPLACE TEMP TABLE ind_figures (
    ref_area    VARCHAR NOT NULL,
    indicator   VARCHAR NOT NULL,
    numerator   DOUBLE,
    denominator DOUBLE,
    base        BIGINT,
    value       DOUBLE
);

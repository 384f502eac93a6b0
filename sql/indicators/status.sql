-- The period's rows of marts.indicators: every figure with its unit, its unrounded value and its
-- status. Ratios and per-1000 figures: missing (M) when the denominator is 0, low base (U) when the
-- base is 1-4. Totals are always normal (A); medians and balance figures are M when empty, never U.
INSERT INTO marts.indicators
    (period, ref_area, indicator, unit_measure, numerator, denominator, base, value, obs_status, computed_at)
WITH valued AS (
    SELECT
        f.ref_area, f.indicator, c.unit_measure, c.kind, f.numerator, f.denominator, f.base,
        CASE c.kind
            WHEN 'ratio' THEN CASE WHEN f.denominator > 0 THEN
                f.numerator * (CASE c.unit_measure WHEN 'PER_1000' THEN 1000 ELSE 1 END) / f.denominator END
            WHEN 'total' THEN f.numerator
            ELSE f.value
        END AS value
    FROM ind_figures f
    JOIN ind_catalog c ON c.code = f.indicator
    JOIN ind_areas a ON a.ref_area = f.ref_area
    WHERE a.level = 'county' OR NOT c.county_only
)
SELECT
    p.period, v.ref_area, v.indicator, v.unit_measure, v.numerator, v.denominator, v.base, v.value,
    CASE
        WHEN v.value IS NULL THEN 'M'
        WHEN v.kind = 'ratio' AND v.base BETWEEN 1 AND 4 THEN 'U'
        ELSE 'A'
    END AS obs_status,
    current_localtimestamp() AS computed_at
FROM valued v CROSS JOIN ind_params p;

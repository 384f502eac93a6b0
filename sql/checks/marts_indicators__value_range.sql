-- Indicator values of period $period below 0, or above the contract's bound (1 for the ratios
-- that cannot exceed it; COV_REALNAME_RATE, membership rates, CVs and per-1000 figures are unbounded).
WITH bad AS (
    SELECT i.ref_area, i.indicator, i.value
    FROM marts.indicators i
    JOIN expected_indicators e ON e.code = i.indicator
    WHERE i.period = $period
      AND (i.value < 0 OR i.value > e.upper OR isnan(i.value) OR isinf(i.value))
)
SELECT count(*) AS observed,
       (SELECT string_agg(ref_area || '/' || indicator || '=' || value, ', ')
        FROM (SELECT * FROM bad ORDER BY ref_area, indicator LIMIT $examples)) AS examples
FROM bad

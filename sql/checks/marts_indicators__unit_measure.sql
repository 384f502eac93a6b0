-- Indicator rows of period $period whose unit_measure differs from the contract's.
WITH bad AS (
    SELECT i.ref_area, i.indicator, i.unit_measure, e.unit_measure AS expected
    FROM marts.indicators i
    JOIN expected_indicators e ON e.code = i.indicator
    WHERE i.period = $period AND i.unit_measure IS DISTINCT FROM e.unit_measure
)
SELECT count(*) AS observed,
       (SELECT string_agg(ref_area || '/' || indicator || ' ' || coalesce(unit_measure, 'null') || '≠' || expected, ', ')
        FROM (SELECT * FROM bad ORDER BY ref_area, indicator LIMIT $examples)) AS examples
FROM bad

-- (area, indicator) pairs of period $period missing, repeated or unexpected: every area (the
-- county, each township and system) has every indicator once, county-only ones on the county.
WITH areas AS (
    SELECT code AS ref_area, level FROM core.regions WHERE level IN ('county', 'township', 'system')
),
expected AS (
    SELECT a.ref_area, e.code AS indicator
    FROM areas a CROSS JOIN expected_indicators e
    WHERE a.level = 'county' OR NOT e.county_only
),
actual AS (
    SELECT ref_area, indicator, count(*) AS n
    FROM marts.indicators
    WHERE period = $period
    GROUP BY ALL
),
bad AS (
    SELECT coalesce(e.ref_area, a.ref_area) AS ref_area,
           coalesce(e.indicator, a.indicator) AS indicator,
           CASE WHEN a.n IS NULL THEN 'missing' WHEN e.indicator IS NULL THEN 'unexpected'
                ELSE a.n || ' rows' END AS problem
    FROM expected e
    FULL JOIN actual a ON a.ref_area = e.ref_area AND a.indicator = e.indicator
    WHERE a.n IS NULL OR e.indicator IS NULL OR a.n > 1
)
SELECT count(*) AS observed,
       (SELECT string_agg(ref_area || '/' || indicator || ' ' || problem, ', ')
        FROM (SELECT * FROM bad ORDER BY ref_area, indicator LIMIT $examples)) AS examples
FROM bad

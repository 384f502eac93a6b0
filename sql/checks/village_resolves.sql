-- Rows of @table@ whose village_code is given but is not a village under a township.
WITH villages AS (
    SELECT v.code
    FROM core.regions v
    JOIN core.regions t ON t.code = v.parent_code AND t.level = 'township'
    WHERE v.level = 'village'
),
bad AS (
    SELECT village_code, count(*) AS n
    FROM @table@
    WHERE village_code IS NOT NULL AND village_code NOT IN (SELECT code FROM villages)
    GROUP BY ALL
)
SELECT coalesce(sum(n), 0)::BIGINT AS observed,
       (SELECT string_agg(village_code || ' ×' || n, ', ')
        FROM (SELECT * FROM bad ORDER BY n DESC, village_code LIMIT $examples)) AS examples
FROM bad

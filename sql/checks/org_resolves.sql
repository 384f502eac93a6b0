-- Rows of @table@ whose org_code is not a township or system of core.regions.
WITH orgs AS (
    SELECT code FROM core.regions WHERE level IN ('township', 'system')
),
bad AS (
    SELECT coalesce(org_code, 'null') AS org_code, count(*) AS n
    FROM @table@
    WHERE org_code IS NULL OR org_code NOT IN (SELECT code FROM orgs)
    GROUP BY ALL
)
SELECT coalesce(sum(n), 0)::BIGINT AS observed,
       (SELECT string_agg(org_code || ' ×' || n, ', ')
        FROM (SELECT * FROM bad ORDER BY n DESC, org_code LIMIT $examples)) AS examples
FROM bad

-- Regions whose parent breaks the hierarchy: the county has none, townships and systems hang
-- under the county, villages under a township; an unknown level never resolves.
WITH r AS (
    SELECT r.code, r.level, r.parent_code, p.level AS parent_level
    FROM core.regions r
    LEFT JOIN core.regions p ON p.code = r.parent_code
),
bad AS (
    SELECT * FROM r
    WHERE NOT coalesce(CASE level
        WHEN 'county' THEN parent_code IS NULL
        WHEN 'township' THEN parent_level = 'county'
        WHEN 'system' THEN parent_level = 'county'
        WHEN 'village' THEN parent_level = 'township'
    END, false)
)
SELECT count(*) AS observed,
       (SELECT string_agg(code || ' (' || coalesce(level, '?') || ' → ' || coalesce(parent_code, 'null') || ')', ', ')
        FROM (SELECT * FROM bad ORDER BY code LIMIT $examples)) AS examples
FROM bad

-- Region codes written on more than one row (code is the key of core.regions).
WITH dup AS (
    SELECT code, count(*) AS n FROM core.regions GROUP BY code HAVING count(*) > 1
)
SELECT count(*) AS observed,
       (SELECT string_agg(code || ' ×' || n, ', ')
        FROM (SELECT * FROM dup ORDER BY code LIMIT $examples)) AS examples
FROM dup

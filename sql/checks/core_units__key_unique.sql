-- Units reported twice in one file: core.units keeps every version, one row per (uscc, file_id).
WITH dup AS (
    SELECT uscc, any_value(file_name) AS file_name, count(*) AS n
    FROM core.units
    GROUP BY uscc, file_id
    HAVING count(*) > 1
)
SELECT count(*) AS observed,
       (SELECT string_agg(coalesce(uscc, 'null') || ' ×' || n || ' in ' || file_name, ', ')
        FROM (SELECT * FROM dup ORDER BY file_name, uscc LIMIT $examples)) AS examples
FROM dup

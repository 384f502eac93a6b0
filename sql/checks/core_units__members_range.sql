-- Unit rows whose members is missing or negative, or positive without a union.
WITH bad AS (
    SELECT uscc, members, has_union, file_name, row_number
    FROM core.units
    WHERE members IS NULL OR members < 0 OR (NOT coalesce(has_union, false) AND members > 0)
)
SELECT count(*) AS observed,
       (SELECT string_agg(uscc || ' members=' || coalesce(members::VARCHAR, 'null')
                          || ' has_union=' || coalesce(has_union::VARCHAR, 'null')
                          || ' (' || file_name || ':' || row_number || ')', ', ')
        FROM (SELECT * FROM bad ORDER BY file_name, row_number LIMIT $examples)) AS examples
FROM bad

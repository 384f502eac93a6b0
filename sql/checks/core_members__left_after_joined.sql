-- Registered members without a join date, or who left before they joined.
WITH bad AS (
    SELECT file_name, row_number
    FROM core.members
    WHERE joined IS NULL OR "left" < joined
)
SELECT count(*) AS observed,
       (SELECT string_agg(file_name || ':' || row_number, ', ')
        FROM (SELECT * FROM bad ORDER BY file_name, row_number LIMIT $examples)) AS examples
FROM bad

-- Unit rows whose employees is missing or negative (the contract: an integer >= 0).
WITH bad AS (
    SELECT uscc, employees, file_name, row_number
    FROM core.units
    WHERE employees IS NULL OR employees < 0
)
SELECT count(*) AS observed,
       (SELECT string_agg(uscc || ' employees=' || coalesce(employees::VARCHAR, 'null')
                          || ' (' || file_name || ':' || row_number || ')', ', ')
        FROM (SELECT * FROM bad ORDER BY file_name, row_number LIMIT $examples)) AS examples
FROM bad

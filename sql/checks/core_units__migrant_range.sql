-- Unit rows whose migrant_employees (null read as 0) is negative or more than employees.
WITH bad AS (
    SELECT uscc, migrant_employees, employees, file_name, row_number
    FROM core.units
    WHERE coalesce(migrant_employees, 0) < 0 OR coalesce(migrant_employees, 0) > employees
)
SELECT count(*) AS observed,
       (SELECT string_agg(uscc || ' migrant=' || migrant_employees || '/employees=' || employees
                          || ' (' || file_name || ':' || row_number || ')', ', ')
        FROM (SELECT * FROM bad ORDER BY file_name, row_number LIMIT $examples)) AS examples
FROM bad

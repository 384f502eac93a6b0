-- Registered members with neither a unit nor a village (the contract rejects them: no_affiliation).
WITH bad AS (
    SELECT file_name, row_number
    FROM core.members
    WHERE unit_uscc IS NULL AND village_code IS NULL
)
SELECT count(*) AS observed,
       (SELECT string_agg(file_name || ':' || row_number, ', ')
        FROM (SELECT * FROM bad ORDER BY file_name, row_number LIMIT $examples)) AS examples
FROM bad

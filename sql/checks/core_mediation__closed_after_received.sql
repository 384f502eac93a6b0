-- Cases closed before they were received.
WITH bad AS (
    SELECT case_no, received, closed FROM core.mediation WHERE closed < received
)
SELECT count(*) AS observed,
       (SELECT string_agg(case_no || ' received ' || received || ' closed ' || closed, ', ')
        FROM (SELECT * FROM bad ORDER BY case_no LIMIT $examples)) AS examples
FROM bad

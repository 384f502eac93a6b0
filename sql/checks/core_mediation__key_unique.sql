-- Mediation cases present more than once (case_no is the key of core.mediation).
WITH dup AS (
    SELECT case_no, count(*) AS n FROM core.mediation GROUP BY case_no HAVING count(*) > 1
)
SELECT count(*) AS observed,
       (SELECT string_agg(coalesce(case_no, 'null') || ' ×' || n, ', ')
        FROM (SELECT * FROM dup ORDER BY case_no LIMIT $examples)) AS examples
FROM dup

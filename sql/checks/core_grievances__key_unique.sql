-- Grievance tickets present more than once (ticket_no is the key of core.grievances).
WITH dup AS (
    SELECT ticket_no, count(*) AS n FROM core.grievances GROUP BY ticket_no HAVING count(*) > 1
)
SELECT count(*) AS observed,
       (SELECT string_agg(coalesce(ticket_no, 'null') || ' ×' || n, ', ')
        FROM (SELECT * FROM dup ORDER BY ticket_no LIMIT $examples)) AS examples
FROM dup

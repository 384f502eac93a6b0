-- Closed tickets that do not say whether they were resolved (required once closed_at is set).
WITH bad AS (
    SELECT ticket_no FROM core.grievances WHERE closed_at IS NOT NULL AND resolved IS NULL
)
SELECT count(*) AS observed,
       (SELECT string_agg(ticket_no, ', ') FROM (SELECT * FROM bad ORDER BY ticket_no LIMIT $examples)) AS examples
FROM bad

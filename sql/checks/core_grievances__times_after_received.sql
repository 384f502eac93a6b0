-- Tickets responded to or closed before they were received.
WITH bad AS (
    SELECT ticket_no, received_at, responded_at, closed_at
    FROM core.grievances
    WHERE responded_at < received_at OR closed_at < received_at
)
SELECT count(*) AS observed,
       (SELECT string_agg(ticket_no || ' received ' || received_at
                          || ' responded ' || coalesce(responded_at::VARCHAR, 'null')
                          || ' closed ' || coalesce(closed_at::VARCHAR, 'null'), ', ')
        FROM (SELECT * FROM bad ORDER BY ticket_no LIMIT $examples)) AS examples
FROM bad

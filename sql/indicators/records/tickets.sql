-- One row per grievance ticket with what it counts for (grievances.sql). Times are local; a
-- ticket is "in P" by its calendar day; "within 24 hours" is at most 86,400 seconds.
CREATE OR REPLACE TEMP VIEW ind_rec_tickets AS
WITH p AS (SELECT * FROM ind_params),
tickets AS (
    SELECT
        g.ticket_no,
        g.org_code,
        g.received_at,
        g.responded_at,
        g.closed_at,
        coalesce(g.resolved, false) AS resolved,
        coalesce(g.satisfaction, 'none') AS satisfaction,
        coalesce(CAST(g.received_at AS DATE) BETWEEN p.p_start AND p.p_end, false) AS received_in_p,
        coalesce(g.responded_at <= g.received_at + INTERVAL 86400 SECOND, false) AS within_24h,
        coalesce(CAST(g.closed_at AS DATE) BETWEEN p.p_start AND p.p_end, false) AS closed_in_p,
        g.file_name,
        g.batch_date,
        g.row_number
    FROM core.grievances g
    CROSS JOIN p
)
SELECT
    *,
    received_in_p AND within_24h AS responded_24h,
    closed_in_p AND resolved AS resolved_in_p,
    closed_in_p AND satisfaction <> 'none' AS rated,
    closed_in_p AND satisfaction IN ('satisfied', 'basic') AS satisfied
FROM tickets;

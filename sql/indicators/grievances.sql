-- Rights protection, grievances (GRV_*), summed from one row per ticket (records/tickets.sql),
-- which `explain` lists.
INSERT INTO ind_figures
WITH totals AS (
    SELECT
        s.ref_area,
        count(*) FILTER (WHERE t.received_in_p) AS received,
        count(*) FILTER (WHERE t.responded_24h) AS responded_24h,
        count(*) FILTER (WHERE t.closed_in_p) AS closed,
        count(*) FILTER (WHERE t.resolved_in_p) AS resolved,
        count(*) FILTER (WHERE t.rated) AS rated,
        count(*) FILTER (WHERE t.satisfied) AS satisfied
    FROM ind_rec_tickets t
    JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM t.org_code
    GROUP BY s.ref_area
),
w AS (
    SELECT
        a.ref_area,
        coalesce(t.received, 0) AS received,
        coalesce(t.responded_24h, 0) AS responded_24h,
        coalesce(t.closed, 0) AS closed,
        coalesce(t.resolved, 0) AS resolved,
        coalesce(t.rated, 0) AS rated,
        coalesce(t.satisfied, 0) AS satisfied
    FROM ind_areas a
    LEFT JOIN totals t USING (ref_area)
)
SELECT w.ref_area, f.indicator, f.numerator, f.denominator, f.base, NULL AS value
FROM w, LATERAL (VALUES
    ('GRV_RECEIVED',           w.received,      NULL,       NULL),
    ('GRV_RESPONDED_24H_RATE', w.responded_24h, w.received, w.received),
    ('GRV_CLOSED',             w.closed,        NULL,       NULL),
    ('GRV_RESOLVED_RATE',      w.resolved,      w.closed,   w.closed),
    ('GRV_SATISFACTION_RATE',  w.satisfied,     w.rated,    w.rated)
) f(indicator, numerator, denominator, base);

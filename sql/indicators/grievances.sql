-- Rights protection, grievances (GRV_*). Times are local; a ticket is "in P" by its calendar day.
INSERT INTO ind_figures
WITH p AS (SELECT * FROM ind_params),
tickets AS (
    SELECT
        g.org_code,
        coalesce(CAST(g.received_at AS DATE) BETWEEN p.p_start AND p.p_end, false) AS received_in_p,
        coalesce(g.responded_at <= g.received_at + INTERVAL 86400 SECOND, false) AS responded_24h,
        coalesce(CAST(g.closed_at AS DATE) BETWEEN p.p_start AND p.p_end, false) AS closed_in_p,
        coalesce(g.resolved, false) AS resolved,
        coalesce(g.satisfaction, 'none') AS satisfaction
    FROM core.grievances g CROSS JOIN p
),
totals AS (
    SELECT
        s.ref_area,
        count(*) FILTER (WHERE received_in_p) AS received,
        count(*) FILTER (WHERE received_in_p AND responded_24h) AS responded_24h,
        count(*) FILTER (WHERE closed_in_p) AS closed,
        count(*) FILTER (WHERE closed_in_p AND resolved) AS resolved,
        count(*) FILTER (WHERE closed_in_p AND satisfaction <> 'none') AS rated,
        count(*) FILTER (WHERE closed_in_p AND satisfaction IN ('satisfied', 'basic')) AS satisfied
    FROM tickets
    JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM tickets.org_code
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

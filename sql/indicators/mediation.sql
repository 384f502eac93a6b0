-- Rights protection, mediation (MED_*). A case is closed by E when it has an outcome other than
-- pending and a closing date on or before E; every other case received by E is pending at E.
INSERT INTO ind_figures
WITH p AS (SELECT * FROM ind_params),
cases AS (
    SELECT
        c.org_code,
        c.workers,
        c.outcome,
        c.amount_claimed,
        c.amount_agreed,
        coalesce(c.received BETWEEN p.p_start AND p.p_end, false) AS received_in_p,
        coalesce(c.outcome <> 'pending' AND c.closed BETWEEN p.p_start AND p.p_end, false) AS closed_in_p,
        date_diff('day', c.received, c.closed) AS days,
        c.received <= p.p_end
            AND NOT coalesce(c.outcome <> 'pending' AND c.closed <= p.p_end, false) AS pending_at_end,
        date_diff('day', c.received, p.p_end) > 15 AS overdue_age
    FROM core.mediation c CROSS JOIN p
),
totals AS (
    SELECT
        s.ref_area,
        count(*) FILTER (WHERE received_in_p) AS received,
        count(*) FILTER (WHERE closed_in_p) AS closed,
        count(*) FILTER (WHERE closed_in_p AND outcome = 'success') AS success,
        count(*) FILTER (WHERE closed_in_p AND days <= 15) AS within_15d,
        quantile_cont(days, 0.5) FILTER (WHERE closed_in_p) AS median_days,
        count(*) FILTER (WHERE pending_at_end) AS pending,
        count(*) FILTER (WHERE pending_at_end AND overdue_age) AS overdue,
        sum(workers) FILTER (WHERE received_in_p) AS workers,
        sum(amount_agreed) FILTER (WHERE closed_in_p AND outcome = 'success') AS agreed,
        -- recovery: only successful cases closed in P that carry both amounts
        sum(amount_agreed) FILTER (WHERE closed_in_p AND outcome = 'success'
            AND amount_claimed IS NOT NULL AND amount_agreed IS NOT NULL) AS recovered,
        sum(amount_claimed) FILTER (WHERE closed_in_p AND outcome = 'success'
            AND amount_claimed IS NOT NULL AND amount_agreed IS NOT NULL) AS claimed,
        count(*) FILTER (WHERE closed_in_p AND outcome = 'success'
            AND amount_claimed IS NOT NULL AND amount_agreed IS NOT NULL) AS recovery_cases
    FROM cases
    JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM cases.org_code
    GROUP BY s.ref_area
),
w AS (
    SELECT
        a.ref_area,
        coalesce(t.received, 0) AS received,
        coalesce(t.closed, 0) AS closed,
        coalesce(t.success, 0) AS success,
        coalesce(t.within_15d, 0) AS within_15d,
        t.median_days,
        coalesce(t.pending, 0) AS pending,
        coalesce(t.overdue, 0) AS overdue,
        coalesce(t.workers, 0) AS workers,
        coalesce(t.agreed, 0) AS agreed,
        coalesce(t.recovered, 0) AS recovered,
        coalesce(t.claimed, 0) AS claimed,
        coalesce(t.recovery_cases, 0) AS recovery_cases
    FROM ind_areas a
    LEFT JOIN totals t USING (ref_area)
)
SELECT w.ref_area, f.indicator, f.numerator, f.denominator, f.base, f.value
FROM w, LATERAL (VALUES
    ('MED_RECEIVED',        w.received,   NULL,      NULL,             NULL),
    ('MED_CLOSED',          w.closed,     NULL,      NULL,             NULL),
    ('MED_SUCCESS',         w.success,    NULL,      NULL,             NULL),
    ('MED_SUCCESS_RATE',    w.success,    w.closed,  w.closed,         NULL),
    ('MED_WITHIN_15D_RATE', w.within_15d, w.closed,  w.closed,         NULL),
    ('MED_MEDIAN_DAYS',     NULL,         NULL,      w.closed,         w.median_days),
    ('MED_PENDING_END',     w.pending,    NULL,      NULL,             NULL),
    ('MED_OVERDUE_PENDING', w.overdue,    NULL,      NULL,             NULL),
    ('MED_WORKERS',         w.workers,    NULL,      NULL,             NULL),
    ('MED_AMOUNT_AGREED',   w.agreed,     NULL,      NULL,             NULL),
    ('MED_RECOVERY_RATE',   w.recovered,  w.claimed, w.recovery_cases, NULL)
) f(indicator, numerator, denominator, base, value);

-- Rights protection, mediation (MED_*), summed from one row per case (records/cases.sql, where
-- "closed by E" and "pending at E" are defined), which `explain` lists.
INSERT INTO ind_figures
WITH totals AS (
    SELECT
        s.ref_area,
        count(*) FILTER (WHERE c.received_in_p) AS received,
        count(*) FILTER (WHERE c.closed_in_p) AS closed,
        count(*) FILTER (WHERE c.success) AS success,
        count(*) FILTER (WHERE c.within_15d) AS within_15d,
        quantile_cont(c.days, 0.5) FILTER (WHERE c.closed_in_p) AS median_days,
        count(*) FILTER (WHERE c.pending_at_end) AS pending,
        count(*) FILTER (WHERE c.overdue) AS overdue,
        sum(c.workers) FILTER (WHERE c.received_in_p) AS workers,
        sum(c.amount_agreed) FILTER (WHERE c.success) AS agreed,
        -- recovery: only successful cases closed in P that carry both amounts
        sum(c.amount_agreed) FILTER (WHERE c.recovery) AS recovered,
        sum(c.amount_claimed) FILTER (WHERE c.recovery) AS claimed,
        count(*) FILTER (WHERE c.recovery) AS recovery_cases
    FROM ind_rec_cases c
    JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM c.org_code
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

-- One row per mediation case with what it counts for (mediation.sql, integrated.sql). A case is
-- closed by E when it has an outcome other than pending and a closing date on or before E; every
-- other case received by E is pending at E. The employer flags say whether the employer is an
-- active unit at E with or without a union (for the integrated figures).
CREATE OR REPLACE TEMP VIEW ind_rec_cases AS
WITH p AS (SELECT * FROM ind_params),
cases AS (
    SELECT
        c.case_no,
        c.org_code,
        c.employer_uscc,
        c.received,
        c.closed,
        c.outcome,
        c.workers,
        c.amount_claimed,
        c.amount_agreed,
        coalesce(c.received BETWEEN p.p_start AND p.p_end, false) AS received_in_p,
        coalesce(c.outcome <> 'pending' AND c.closed BETWEEN p.p_start AND p.p_end, false) AS closed_in_p,
        date_diff('day', c.received, c.closed) AS days,
        coalesce(c.received <= p.p_end
            AND NOT coalesce(c.outcome <> 'pending' AND c.closed <= p.p_end, false), false) AS pending_at_end,
        coalesce(date_diff('day', c.received, p.p_end) > 15, false) AS overdue_age,
        u.uscc IS NOT NULL AS employer_active,
        u.has_union AS employer_has_union,
        c.file_name,
        c.batch_date,
        c.row_number
    FROM core.mediation c
    CROSS JOIN p
    LEFT JOIN ind_units u ON u.uscc = c.employer_uscc AND u.active
)
SELECT
    *,
    closed_in_p AND coalesce(outcome = 'success', false) AS success,
    closed_in_p AND coalesce(days <= 15, false) AS within_15d,
    pending_at_end AND overdue_age AS overdue,
    closed_in_p AND coalesce(outcome = 'success', false)
        AND amount_claimed IS NOT NULL AND amount_agreed IS NOT NULL AS recovery,
    received_in_p AND coalesce(employer_has_union, false) AS union_employer,
    received_in_p AND employer_active AND NOT coalesce(employer_has_union, false) AS nonunion_employer
FROM cases;

-- For each township/system and period source: the earliest batch among the month's files (batch dated after
-- the period end E and at most a month later) that carried rows of that area. Members belong to their unit's
-- township/system, else to the township above their village. Parameters: $period_end, $window_end.
WITH unit_org AS (
    SELECT uscc, arg_max(org_code, batch_seq) AS org_code FROM core.units GROUP BY uscc
),
rows_of AS (
    SELECT 'units' AS source, org_code, batch_date FROM staging.units
    WHERE batch_date > $period_end AND batch_date <= $window_end
    UNION ALL
    SELECT 'mediation', org_code, batch_date FROM staging.mediation
    WHERE batch_date > $period_end AND batch_date <= $window_end
    UNION ALL
    SELECT 'grievances', org_code, batch_date FROM staging.grievances
    WHERE batch_date > $period_end AND batch_date <= $window_end
    UNION ALL
    SELECT 'members', coalesce(u.org_code, v.parent_code), m.batch_date
    FROM staging.members m
    LEFT JOIN unit_org u ON u.uscc = m.unit_uscc
    LEFT JOIN core.regions v ON v.code = m.village_code AND v.level = 'village'
    WHERE m.batch_date > $period_end AND m.batch_date <= $window_end
)
SELECT org_code, source, min(batch_date) AS first_batch, count(*) AS rows
FROM rows_of
WHERE org_code IS NOT NULL
GROUP BY org_code, source

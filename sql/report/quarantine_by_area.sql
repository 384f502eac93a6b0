-- Quarantined rows of the month's files (batch dated after E, at most a month later) per township/system, as
-- far as the row names one: its org_code as written (units, mediation, grievances), else the township above
-- its village or its unit's township/system (members). Rows naming none count under NULL.
-- Parameters: $period_end, $window_end.
WITH files AS (
    SELECT file_id FROM audit.files
    WHERE batch_date > $period_end AND batch_date <= $window_end AND source <> 'regions'
),
q AS (
    SELECT DISTINCT q.file_id, q.source, q.row_number
    FROM audit.quarantine q JOIN files USING (file_id)
),
unit_org AS (
    SELECT uscc, arg_max(org_code, batch_seq) AS org_code FROM core.units GROUP BY uscc
),
named AS (
    SELECT q.source, r.org_code FROM q JOIN raw.units r USING (file_id, row_number) WHERE q.source = 'units'
    UNION ALL
    SELECT q.source, r.org_code FROM q JOIN raw.mediation r USING (file_id, row_number) WHERE q.source = 'mediation'
    UNION ALL
    SELECT q.source, r.org_code FROM q JOIN raw.grievances r USING (file_id, row_number)
    WHERE q.source = 'grievances'
    UNION ALL
    SELECT q.source, coalesce(u.org_code, v.parent_code)
    FROM q JOIN raw.members r USING (file_id, row_number)
    LEFT JOIN unit_org u ON u.uscc = r.unit_uscc
    LEFT JOIN core.regions v ON v.code = r.village_code AND v.level = 'village'
    WHERE q.source = 'members'
)
SELECT n.org_code, n.source, count(*) AS rows
FROM named n
LEFT JOIN core.regions g ON g.code = n.org_code AND g.level IN ('township', 'system')
GROUP BY n.org_code, n.source

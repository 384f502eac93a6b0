-- Registered members per (org, batch_date): the org of the member's unit (its latest version),
-- else the township above the member's village (as the indicator contract attributes members).
WITH unit_org AS (
    SELECT uscc, org_code
    FROM core.units
    QUALIFY row_number() OVER (PARTITION BY uscc ORDER BY report_date DESC, batch_seq DESC) = 1
)
SELECT coalesce(u.org_code, v.parent_code) AS org_code, m.batch_date, count(*) AS n
FROM @source_table@ m
LEFT JOIN unit_org u ON u.uscc = m.unit_uscc
LEFT JOIN core.regions v ON v.code = m.village_code AND v.level = 'village'
GROUP BY ALL

-- Codes an earlier regions batch had and the latest one (core.regions) dropped, while units (any version),
-- members, mediation cases or grievance tickets still point at them. @source_table@ holds every regions batch
-- (staging.regions; core.regions alone where staging was never made, and then nothing can be seen dropped).
-- A dropped village whose township was dropped too is counted under its township. Each example names the
-- code, its name in the latest batch that had it, and how many units, members, cases and tickets point at it.
WITH dropped AS (
    SELECT code, name, level, parent_code
    FROM @source_table@
    WHERE code NOT IN (SELECT code FROM core.regions WHERE code IS NOT NULL)
    QUALIFY row_number() OVER (PARTITION BY code ORDER BY batch_date DESC, file_name DESC) = 1
),
heads AS (
    SELECT d.code, CASE WHEN d.level = 'village' AND p.code IS NOT NULL THEN p.code ELSE d.code END AS head
    FROM dropped d LEFT JOIN dropped p ON p.code = d.parent_code
),
unit_refs AS (
    SELECT uscc, org_code AS code FROM core.units
    UNION ALL
    SELECT uscc, village_code FROM core.units WHERE village_code IS NOT NULL
),
units AS (
    SELECT h.head, count(DISTINCT r.uscc) AS n FROM unit_refs r JOIN heads h USING (code) GROUP BY ALL
),
members AS (
    SELECT h.head, count(*) AS n FROM core.members m JOIN heads h ON h.code = m.village_code GROUP BY ALL
),
cases AS (
    SELECT h.head, count(*) AS n FROM core.mediation c JOIN heads h ON h.code = c.org_code GROUP BY ALL
),
tickets AS (
    SELECT h.head, count(*) AS n FROM core.grievances g JOIN heads h ON h.code = g.org_code GROUP BY ALL
),
bad AS (
    SELECT d.code, d.name, d.level,
           coalesce(u.n, 0) AS units, coalesce(m.n, 0) AS members, coalesce(c.n, 0) AS cases,
           coalesce(t.n, 0) AS tickets
    FROM dropped d
    JOIN heads h ON h.code = d.code AND h.head = d.code
    LEFT JOIN units u ON u.head = d.code
    LEFT JOIN members m ON m.head = d.code
    LEFT JOIN cases c ON c.head = d.code
    LEFT JOIN tickets t ON t.head = d.code
    WHERE coalesce(u.n, 0) + coalesce(m.n, 0) + coalesce(c.n, 0) + coalesce(t.n, 0) > 0
)
SELECT count(*)::BIGINT AS observed,
       (SELECT string_agg(format('{} {}（最新组织机构表已删去 dropped {}）: 单位 units {}, 会员 members {}, '
                                 || '调解案件 cases {}, 诉求工单 tickets {}',
                                 code, name, level, units, members, cases, tickets),
                         '; ' ORDER BY units + members + cases + tickets DESC, code)
        FROM (SELECT * FROM bad ORDER BY units + members + cases + tickets DESC, code LIMIT $examples)) AS examples
FROM bad

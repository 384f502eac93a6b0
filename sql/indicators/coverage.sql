-- Balanced coverage (COV_*): active units in their state at E, registered members active at E,
-- and villages with a village unit whose union was founded by E; each summed from its per-record
-- rows (records/units.sql, records/members.sql, records/villages.sql), which `explain` lists.
INSERT INTO ind_figures
WITH unit_totals AS (
    SELECT
        s.ref_area,
        count(*) FILTER (WHERE u.required) AS required,
        count(*) FILTER (WHERE u.established) AS established,
        sum(u.employees) FILTER (WHERE u.active) AS employees,
        sum(u.members) FILTER (WHERE u.union_active) AS members,
        sum(u.migrant_employees) FILTER (WHERE u.active) AS migrant_employees
    FROM ind_rec_units u
    JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM u.org_code
    GROUP BY s.ref_area
),
member_totals AS (
    SELECT
        s.ref_area,
        count(*) AS registered,
        count(*) FILTER (WHERE m.migrant) AS migrant
    FROM ind_rec_members m
    JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM m.org_code
    GROUP BY s.ref_area
),
village_totals AS (
    -- a village lies under its parent township (and so under the county); a system has none
    SELECT s.ref_area, count(*) AS villages, count(*) FILTER (WHERE v.with_union) AS with_union
    FROM ind_rec_villages v
    JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM v.org_code
    GROUP BY s.ref_area
),
w AS (
    SELECT
        a.ref_area,
        coalesce(ut.required, 0) AS required,
        coalesce(ut.established, 0) AS established,
        coalesce(ut.employees, 0) AS employees,
        coalesce(ut.members, 0) AS members,
        coalesce(ut.migrant_employees, 0) AS migrant_employees,
        coalesce(mt.registered, 0) AS registered,
        coalesce(mt.migrant, 0) AS migrant_members,
        coalesce(vt.villages, 0) AS villages,
        coalesce(vt.with_union, 0) AS union_villages
    FROM ind_areas a
    LEFT JOIN unit_totals ut USING (ref_area)
    LEFT JOIN member_totals mt USING (ref_area)
    LEFT JOIN village_totals vt USING (ref_area)
)
SELECT w.ref_area, f.indicator, f.numerator, f.denominator, f.base, NULL AS value
FROM w, LATERAL (VALUES
    ('COV_UNITS_REQUIRED',      w.required,          NULL,        NULL),
    ('COV_UNITS_ESTABLISHED',   w.established,       NULL,        NULL),
    ('COV_ESTABLISHMENT_RATE',  w.established,       w.required,  w.required),
    ('COV_EMPLOYEES',           w.employees,         NULL,        NULL),
    ('COV_MEMBERS',             w.members,           NULL,        NULL),
    ('COV_MEMBERSHIP_RATE',     w.members,           w.employees, w.employees),
    ('COV_MIGRANT_EMPLOYEES',   w.migrant_employees, NULL,        NULL),
    ('COV_MIGRANT_MEMBERS',     w.migrant_members,   NULL,        NULL),
    ('COV_REGISTERED_MEMBERS',  w.registered,        NULL,        NULL),
    ('COV_REALNAME_RATE',       w.registered,        w.members,   w.members),
    ('COV_VILLAGE_UNION_RATE',  w.union_villages,    w.villages,  w.villages)
) f(indicator, numerator, denominator, base);

-- One row per unit with a state at E and what it counts for: coverage.sql and integrated.sql
-- aggregate these flags, `unionpipe explain` lists them. A flag is never null (null reads false).
CREATE OR REPLACE TEMP VIEW ind_rec_units AS
SELECT
    u.uscc,
    u.org_code,
    u.unit_type,
    u.village_code,
    u.employees,
    u.members,
    u.migrant_employees,
    u.has_union,
    u.union_founded,
    u.active,
    coalesce(u.employees >= p.threshold, false) AS meets_threshold,
    coalesce(u.has_union AND u.union_founded <= p.p_end, false) AS founded_by_end,
    u.active AND coalesce(u.employees >= p.threshold, false) AS required,
    u.active AND coalesce(u.employees >= p.threshold AND u.has_union AND u.union_founded <= p.p_end, false)
        AS established,
    u.active AND u.has_union AS union_active,
    u.active AND NOT u.has_union AS nonunion_active,
    u.active AND u.unit_type = 'village' AND coalesce(u.has_union AND u.union_founded <= p.p_end, false)
        AS village_union,
    u.file_name,
    u.batch_date,
    u.row_number
FROM ind_units u
CROSS JOIN ind_params p;

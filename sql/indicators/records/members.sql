-- Registered members active at E (joined <= E, left null or after E), one row each, with the org
-- they count under and why: their unit's org when that unit has a state at E (closed or not: the
-- contract's words), else the township above their village, else none (county only).
CREATE OR REPLACE TEMP VIEW ind_rec_members AS
SELECT
    m.member_key,
    m.id_masked,
    m.category,
    m.unit_uscc,
    m.village_code,
    coalesce(u.org_code, v.parent_code) AS org_code,
    CASE WHEN u.org_code IS NOT NULL THEN 'unit'
         WHEN v.parent_code IS NOT NULL THEN 'village'
         ELSE 'none' END AS org_source,
    coalesce(m.category = 'migrant', false) AS migrant,
    m.joined,
    m."left",
    m.file_name,
    m.batch_date,
    m.row_number
FROM core.members m
CROSS JOIN ind_params p
LEFT JOIN ind_units u ON u.uscc = m.unit_uscc
LEFT JOIN core.regions v ON v.code = m.village_code AND v.level = 'village'
WHERE m.joined <= p.p_end
  AND (m."left" IS NULL OR m."left" > p.p_end);

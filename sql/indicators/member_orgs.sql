-- Registered members active at E (joined <= E, left null or after E) with the org they count
-- under: their unit's org when that unit has a state at E (closed or not: the contract's words),
-- else the township above their village, else none (they then count for the county only).
CREATE OR REPLACE TEMP TABLE ind_members AS
SELECT
    m.member_key,
    m.category,
    coalesce(u.org_code, v.parent_code) AS org_code
FROM core.members m
CROSS JOIN ind_params p
LEFT JOIN ind_units u ON u.uscc = m.unit_uscc
LEFT JOIN core.regions v ON v.code = m.village_code AND v.level = 'village'
WHERE m.joined <= p.p_end
  AND (m."left" IS NULL OR m."left" > p.p_end);

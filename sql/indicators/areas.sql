-- The areas published (the county, every township and system) and the scope of each: an area
-- takes the records whose org_code is itself; the county takes every record, including those
-- with no org (members attributed to no township), hence its NULL row joined IS NOT DISTINCT.
CREATE OR REPLACE TEMP TABLE ind_areas AS
SELECT code AS ref_area, level
FROM core.regions
WHERE level IN ('county', 'township', 'system');

CREATE OR REPLACE TEMP TABLE ind_scope AS
SELECT ref_area, ref_area AS org_code FROM ind_areas WHERE level <> 'county'
UNION ALL
SELECT c.ref_area, o.org_code
FROM ind_areas c
CROSS JOIN (SELECT ref_area AS org_code FROM ind_areas WHERE level <> 'county' UNION ALL SELECT NULL) o
WHERE c.level = 'county';

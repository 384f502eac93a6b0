-- Every village (regions) with its township and whether an active village unit has a union
-- founded by E (the first such unit by USCC is named).
CREATE OR REPLACE TEMP VIEW ind_rec_villages AS
SELECT
    v.code AS village_code,
    v.parent_code AS org_code,
    uv.uscc IS NOT NULL AS with_union,
    uv.uscc AS union_uscc,
    v.file_name,
    v.batch_date,
    v.row_number
FROM core.regions v
LEFT JOIN (
    SELECT village_code, min(uscc) AS uscc FROM ind_rec_units WHERE village_union GROUP BY village_code
) uv ON uv.village_code = v.code
WHERE v.level = 'village';

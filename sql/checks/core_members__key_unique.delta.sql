-- core_members__key_unique over the keys of the files loaded since its last clean result ($new_files):
-- the core build re-decides the current row of those keys only, so no other key can have become
-- duplicated (pipelines/validate/delta.py). Touched keys are found by hash (a collision merely looks
-- at a few more rows); the figure and its examples are those of the whole-table check.
WITH touched AS (
    SELECT DISTINCT hash(member_key) AS h FROM staging.members WHERE list_contains($new_files, file_id)
),
dup AS (
    SELECT member_key, count(*) AS n
    FROM core.members
    WHERE hash(member_key) IN (SELECT h FROM touched)
    GROUP BY member_key HAVING count(*) > 1
),
shown AS (
    SELECT string_agg(m.file_name || ':' || m.row_number, ' & ' ORDER BY m.file_name, m.row_number) AS rows
    FROM (SELECT member_key FROM dup ORDER BY member_key LIMIT $examples) d
    JOIN core.members m USING (member_key)
    GROUP BY d.member_key
)
SELECT (SELECT count(*) FROM dup) AS observed,
       (SELECT string_agg(rows, ', ' ORDER BY rows) FROM shown) AS examples

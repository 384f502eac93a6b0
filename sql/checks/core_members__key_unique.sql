-- Registered members present more than once (member_key, the hashed ID number, is the key).
-- With $new_files (pipelines/validate/delta.py) only the keys of those files' current rows are looked
-- at: the core build re-decides no other key, and revives no superseded row, so a key now current
-- twice has a current row from those files.
-- Examples are file locations, never the member's data; they are gathered for a few keys only.
WITH new_keys AS (
    SELECT DISTINCT member_key FROM core.members WHERE list_contains($new_files, file_id)
),
dup AS (
    SELECT member_key, count(*) AS n
    FROM core.members
    WHERE $new_files IS NULL OR member_key IN (SELECT member_key FROM new_keys)
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

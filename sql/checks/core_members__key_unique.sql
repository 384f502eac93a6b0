-- Registered members present more than once (member_key, the hashed ID number, is the key).
-- Ten million 64-character keys are grouped as 64-bit hashes first (much cheaper); only keys whose
-- hash repeats are compared in full. Examples are file locations, never the member's data; they are
-- gathered for a few keys only.
WITH candidates AS (
    SELECT hash(member_key) AS h FROM core.members GROUP BY h HAVING count(*) > 1
),
dup AS (
    SELECT member_key, count(*) AS n
    FROM core.members
    WHERE hash(member_key) IN (SELECT h FROM candidates)
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

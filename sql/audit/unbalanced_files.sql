-- Files of one source whose row accounting does not balance, in the registry or against the tables.
WITH f AS (
    SELECT file_id, rel_path, rows_read, rows_loaded, rows_duplicate, rows_quarantined
    FROM audit.files WHERE source = '{source}' AND status = 'loaded'
),
raw_rows AS (SELECT file_id, count(*) AS n FROM raw.{source} GROUP BY file_id),
staged AS (SELECT file_id, count(*) AS n FROM staging.{source} GROUP BY file_id),
quarantined AS (SELECT file_id, count(DISTINCT row_number) AS n FROM audit.quarantine
                WHERE source = '{source}' GROUP BY file_id)
SELECT f.rel_path, f.rows_read, f.rows_loaded, f.rows_duplicate, f.rows_quarantined,
       coalesce(r.n, 0) AS raw_rows, coalesce(s.n, 0) AS staged_rows, coalesce(q.n, 0) AS quarantined_rows
FROM f
LEFT JOIN raw_rows r USING (file_id)
LEFT JOIN staged s USING (file_id)
LEFT JOIN quarantined q USING (file_id)
WHERE f.rows_read <> f.rows_loaded + f.rows_duplicate + f.rows_quarantined
   OR coalesce(r.n, 0) <> f.rows_read
   OR coalesce(s.n, 0) <> f.rows_loaded
   OR coalesce(q.n, 0) <> f.rows_quarantined;

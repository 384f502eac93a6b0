-- The files of the correction workbook, optionally one (matched by file name or <source>/<name>), in load
-- order: what became of each, and for a loaded file its header row as written (JSON).
SELECT f.file_id, f.source, f.rel_path, f.status, f.rows_read, f.rows_loaded, f.rows_quarantined,
       f.reason_code, coalesce(f.reason_detail, CASE WHEN f.status = 'duplicate' THEN '同 ' || f.duplicate_of END),
       f.headers
FROM audit.files f
WHERE $1 IS NULL OR f.file_name = $1 OR f.rel_path = $1
ORDER BY array_position(['regions', 'units', 'members', 'mediation', 'grievances'], f.source),
         f.batch_date, f.file_name, f.processed_at;

-- The files one run processed, sources in load order, batches in order.
SELECT rel_path, source, file_name, batch_date, status, reason_code, reason_zh, reason_detail, duplicate_of,
       rows_read, rows_loaded, rows_duplicate, rows_quarantined, rows_warned
FROM audit.files
WHERE run_id = ?
ORDER BY array_position(['regions', 'units', 'members', 'mediation', 'grievances'], source), batch_date, file_name;

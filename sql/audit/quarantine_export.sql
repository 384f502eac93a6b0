-- Quarantined rows with every reason, optionally of one file (matched by file name or <source>/<name>).
SELECT q.source, q.file_name, q.row_number, q.record_key, q.column_name, q.column_header, q.raw_value,
       q.reason_code, q.message_zh
FROM audit.quarantine q
WHERE $1 IS NULL OR q.file_name = $1 OR q.source || '/' || q.file_name = $1
ORDER BY array_position(['regions', 'units', 'members', 'mediation', 'grievances'], q.source),
         q.file_name, q.row_number, q.column_name;

-- Files rejected as a whole, newest first.
SELECT rel_path, reason_code, reason_zh
FROM audit.files
WHERE status = 'rejected'
ORDER BY processed_at DESC;

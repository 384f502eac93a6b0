-- The most recent loads, newest first.
SELECT run_id, finished_at, files_seen, files_loaded, files_rejected, files_duplicate,
       rows_read, rows_loaded, rows_duplicate, rows_quarantined
FROM audit.load_runs
ORDER BY finished_at DESC
LIMIT ?;

-- One summary row per run (re-running the step replaces it).
INSERT OR REPLACE INTO audit.load_runs
SELECT $1 AS run_id,
       min(processed_at) AS started_at,
       current_timestamp AS finished_at,
       $2 AS raw_dir,
       count(*) AS files_seen,
       count(*) FILTER (WHERE status = 'loaded') AS files_loaded,
       count(*) FILTER (WHERE status = 'rejected') AS files_rejected,
       count(*) FILTER (WHERE status = 'duplicate') AS files_duplicate,
       coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0),
       coalesce(sum(rows_duplicate), 0), coalesce(sum(rows_quarantined), 0)
FROM audit.files WHERE run_id = $1;

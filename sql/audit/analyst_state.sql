-- What the analysts' copy shows that a load or a publication can change, as one digest: the files
-- loaded (core and staging follow from them), the core models, every computed indicator, and the
-- publications. The night's own bookkeeping (load_runs, check_results) is left out: a night that
-- changed nothing else keeps the copy as it is.
SELECT md5(concat_ws('|',
    (SELECT string_agg(file_id || ':' || status, ',' ORDER BY file_id) FROM audit.files),
    (SELECT string_agg(view_name || ':' || sql, ',' ORDER BY view_name) FROM duckdb_views()
     WHERE database_name = current_database() AND schema_name = 'core'),
    (SELECT count(*) || ':' || coalesce(sum(hash(period, ref_area, indicator, value, obs_status, computed_at)), 0)
     FROM marts.indicators),
    (SELECT count(*) || ':' || coalesce(max(version), 0) FROM audit.publications)
))

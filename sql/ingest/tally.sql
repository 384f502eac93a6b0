-- A settled file's rows by fate (read = loaded + duplicates + quarantined; $rows_read is known).
SELECT $rows_read - d.n - q.n AS loaded, d.n AS duplicates, q.n AS quarantined, w.n AS warned
FROM (SELECT count(*) AS n FROM ingest_fates WHERE NOT conflict) d,
     (SELECT count(DISTINCT row) AS n FROM ingest_reasons WHERE severity = 'reject') q,
     (SELECT count(DISTINCT row) AS n FROM ingest_reasons WHERE severity = 'warn') w;

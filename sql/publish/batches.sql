-- Every loaded batch of the sources in $sources: the files the core layer, hence the indicators, is built from.
SELECT source, file_name, batch_date, sha256
FROM audit.files
WHERE status = 'loaded' AND list_contains($sources::VARCHAR[], source)
ORDER BY list_position($sources::VARCHAR[], source), batch_date, file_name

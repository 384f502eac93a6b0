-- One loaded file's quarantined rows as the raw layer keeps them (cells as written); {source} and {columns}
-- are filled in by pipelines/ingest/export.py.
SELECT r.row_number::BIGINT AS __row, {columns}, r.extra AS __extra
FROM raw.{source} r
WHERE r.file_id = $file_id
  AND r.row_number IN (SELECT row_number FROM audit.quarantine WHERE file_id = $file_id)
ORDER BY r.row_number;

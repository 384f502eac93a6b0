-- The registry also keeps each loaded file's header row as written (a JSON list of its cells, in order), so that
-- the correction workbook gives an officer's rows back in the officer's own layout (pipelines/ingest/export.py).
ALTER TABLE audit.files ADD COLUMN IF NOT EXISTS headers VARCHAR;

-- core.unit_batches: batch_seq of every applied units file, in order of (batch date, file name); a file
-- arriving late with an earlier date moves the later ones on. Tiny: one row per file.
CREATE OR REPLACE TABLE core.unit_batches AS
SELECT file_id, dense_rank() OVER (ORDER BY batch_date, file_name) AS batch_seq
FROM (SELECT DISTINCT file_id, batch_date, file_name FROM staging.units WHERE current);

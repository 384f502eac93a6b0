-- The regions batch in force on $batch_date: the latest loaded regions batch dated on or before it (a tie of
-- dates goes to the later file name, as core/regions.sql); when every batch is dated after it, the earliest.
WITH batches AS (
    SELECT DISTINCT file_id, batch_date, file_name FROM staging.regions
)
SELECT file_id FROM batches
ORDER BY batch_date <= $batch_date DESC,
         CASE WHEN batch_date <= $batch_date THEN batch_date END DESC,
         CASE WHEN batch_date <= $batch_date THEN file_name END DESC,
         batch_date, file_name
LIMIT 1

-- core.regions: the latest regions batch replaces the whole table.
CREATE OR REPLACE TABLE core.regions AS
SELECT code, name, level, parent_code, file_id, file_name, batch_date, row_number
FROM staging.regions
WHERE file_id = (
    SELECT file_id FROM staging.regions ORDER BY batch_date DESC, file_name DESC LIMIT 1
);

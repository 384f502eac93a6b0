-- core.units: every valid version of every unit; batch_seq orders batches by (batch date, file name).
-- The state of a unit at E is its version with the latest report_date <= E, ties to the later batch.
CREATE OR REPLACE TABLE core.units AS
SELECT
    uscc, name, org_code, unit_type, village_code, employees,
    coalesce(migrant_employees, 0) AS migrant_employees,
    has_union, union_founded, members, report_date,
    coalesce(status, 'active') AS status,
    dense_rank() OVER (ORDER BY batch_date, file_name) AS batch_seq,
    file_id, file_name, batch_date, row_number
FROM staging.units;

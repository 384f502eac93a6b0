-- core.units: every valid version of every unit (every staging row the core build applied);
-- batch_seq orders batches by (batch date, file name) (core/unit_batches.sql).
-- The state of a unit at E is its version with the latest report_date <= E, ties to the later batch.
CREATE OR REPLACE VIEW core.units AS
SELECT
    s.uscc, s.name, s.org_code, s.unit_type, s.village_code, s.employees,
    coalesce(s.migrant_employees, 0) AS migrant_employees,
    s.has_union, s.union_founded, s.members, s.report_date,
    coalesce(s.status, 'active') AS status,
    b.batch_seq,
    s.file_id, s.file_name, s.batch_date, s.row_number
FROM staging.units s
JOIN core.unit_batches b USING (file_id)
WHERE s.current;

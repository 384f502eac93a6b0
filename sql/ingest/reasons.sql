-- The reasons a file reports: a quarantined row (a reject, or a conflicting key) its rejects, a loaded
-- row its warnings, a duplicate copy nothing. $key_column: the source's key, where a conflict points.
CREATE OR REPLACE TEMP TABLE ingest_reasons AS
WITH hits AS (
    SELECT row, column_name, reason_code, severity, raw_value, record_key FROM ingest_hits
    UNION ALL
    SELECT f.row, $key_column, 'conflicting_duplicate', 'reject', k.raw_key, k.raw_key
    FROM ingest_fates f JOIN ingest_keys k USING (row)
    WHERE f.conflict
),
kept AS (
    SELECT * FROM hits WHERE row NOT IN (SELECT row FROM ingest_fates WHERE NOT conflict)
),
quarantined AS (
    SELECT DISTINCT row FROM kept WHERE severity = 'reject'
)
SELECT r.* FROM kept r
WHERE (r.severity = 'reject') = (r.row IN (SELECT row FROM quarantined));

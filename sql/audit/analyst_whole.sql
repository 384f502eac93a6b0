-- A small table's fingerprint ({table}: database.schema.table): its rows and the sum of a hash of each whole
-- row (a sum, not an exclusive or, so that two equal rows do not cancel out).
SELECT NULL AS file_id, count(*) AS n, coalesce(sum(hash(t)), 0) AS h
FROM {table} AS t

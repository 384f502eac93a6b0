-- In-file duplicates, over the rows whose key repeats (ingest_keys): a key with differing rows
-- (signatures) is a conflict, every row of it; a key whose rows are all alike keeps its first row
-- and the later copies are duplicates.
CREATE OR REPLACE TEMP TABLE ingest_fates AS
WITH grouped AS (
    SELECT row,
           count(DISTINCT sig) OVER (PARTITION BY k) AS versions,
           row_number() OVER (PARTITION BY k ORDER BY row) AS copy
    FROM ingest_keys
)
SELECT row, versions > 1 AS conflict FROM grouped WHERE versions > 1 OR copy > 1;

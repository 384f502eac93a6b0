-- Applying newly loaded rows of staging.{source} (current IS NULL) to core, where the latest batch wins
-- per {key}. Only the new rows and the current rows sharing their keys contend, so the work follows
-- the new data; and only keys with several contenders are ranked (found by hash first: a collision
-- merely ranks a few more rows). Order: batch date, file name, row number, then the later-processed
-- file (a file replaced under the same name). Every new row becomes current, then the losers do not.
-- {any_current} is the literal true or false: on a first build no row is current yet, and the
-- optimizer then drops the branch that looks for current rows (and its set of every new key).
CREATE OR REPLACE TEMP TABLE core_losers AS
WITH fresh AS (
    SELECT DISTINCT hash("{key}") AS h FROM staging.{source} WHERE current IS NULL
),
contenders AS (
    SELECT hash("{key}") AS h FROM staging.{source} WHERE current IS NULL
    UNION ALL
    SELECT hash("{key}") FROM staging.{source}
    WHERE current AND {any_current} AND hash("{key}") IN (SELECT h FROM fresh)
),
contested AS (
    SELECT h FROM contenders GROUP BY h HAVING count(*) > 1
),
ranked AS (
    SELECT rowid AS rid, "{key}" AS k, file_id, batch_date, file_name, row_number
    FROM staging.{source}
    WHERE current IS DISTINCT FROM false AND hash("{key}") IN (SELECT h FROM contested)
)
SELECT r.rid
FROM ranked r LEFT JOIN audit.files f ON f.file_id = r.file_id
QUALIFY row_number() OVER (PARTITION BY r.k ORDER BY r.batch_date DESC, r.file_name DESC, r.row_number DESC,
                                                     f.processed_at DESC NULLS LAST) > 1;

UPDATE staging.{source} SET current = true WHERE current IS NULL;

UPDATE staging.{source} s SET current = false FROM core_losers l WHERE s.rowid = l.rid;

DROP TABLE core_losers;

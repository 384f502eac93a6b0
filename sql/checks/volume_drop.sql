-- Townships and systems whose rows in the source's latest batch (all its files of the latest batch date)
-- fell far below their own usual batch (docs/decisions.md, "Volume warnings"). The usual batch is the
-- median of the earlier batches, leaving out the source's first batch (a register starts with a full copy,
-- then sends changes; the first batch of a ledger may carry a backlog). A fall is warned when it is
--   * large: below (1 - $volume_drop) × the median,
--   * beyond the org's own spread: modified z-score 0.6745 × (median - latest) / MAD ≥ $volume_z
--     (a MAD of 0, every earlier batch alike, counts as beyond it), and
--   * of an org big enough to tell: a median of at least $volume_min_rows rows (a handful of rows a month
--     falls to 0 by chance).
-- With fewer than three earlier batches left the first batch is kept, so a young warehouse is still watched.
WITH counts AS (
@counts@
),
batches AS (
    SELECT DISTINCT batch_date FROM audit.files
    WHERE status = 'loaded' AND source = $source AND batch_date IS NOT NULL
    UNION
    SELECT DISTINCT batch_date FROM counts WHERE batch_date IS NOT NULL
),
latest AS (SELECT max(batch_date) AS d FROM batches),
earlier AS (
    SELECT batch_date FROM batches
    WHERE batch_date < (SELECT d FROM latest)
      AND (batch_date > (SELECT min(batch_date) FROM batches)
           OR (SELECT count(*) FROM batches) < 5)  -- first + latest + fewer than three others
),
orgs AS (SELECT code AS org_code FROM core.regions WHERE level IN ('township', 'system')),
grid AS (
    SELECT o.org_code, b.batch_date, coalesce(c.n, 0) AS n
    FROM orgs o
    CROSS JOIN batches b
    LEFT JOIN counts c ON c.org_code = o.org_code AND c.batch_date = b.batch_date
),
history AS (
    SELECT org_code,
           median(n) FILTER (WHERE batch_date IN (SELECT batch_date FROM earlier)) AS median_before,
           mad(n) FILTER (WHERE batch_date IN (SELECT batch_date FROM earlier)) AS mad_before,
           max(n) FILTER (WHERE batch_date = (SELECT d FROM latest)) AS latest_n
    FROM grid
    GROUP BY org_code
),
judged AS (
    SELECT *, CASE WHEN mad_before > 0 THEN 0.6745 * (median_before - latest_n) / mad_before END AS z
    FROM history
),
bad AS (
    SELECT * FROM judged
    WHERE median_before >= $volume_min_rows
      AND latest_n < (1 - $volume_drop) * median_before
      AND (mad_before = 0 OR z >= $volume_z)
)
SELECT count(*) AS observed,
       (SELECT string_agg(org_code || ': ' || latest_n || ' rows on ' || (SELECT d FROM latest)
                          || ' vs median ' || round(median_before, 1) || ' before'
                          || CASE WHEN z IS NULL THEN ' (every earlier batch alike)'
                                  ELSE ' (z ' || round(z, 1) || ')' END, ', ')
        FROM (SELECT * FROM bad ORDER BY latest_n / median_before, org_code LIMIT $examples)) AS examples
FROM bad

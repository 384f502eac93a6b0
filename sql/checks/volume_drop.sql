-- Townships and systems whose rows in the source's latest batch (all its files of the latest
-- batch date) fell to zero or by more than $volume_drop against the mean of the earlier batches.
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
orgs AS (SELECT code AS org_code FROM core.regions WHERE level IN ('township', 'system')),
grid AS (
    SELECT o.org_code, b.batch_date, coalesce(c.n, 0) AS n
    FROM orgs o
    CROSS JOIN batches b
    LEFT JOIN counts c ON c.org_code = o.org_code AND c.batch_date = b.batch_date
),
history AS (
    SELECT org_code,
           avg(n) FILTER (WHERE batch_date < (SELECT d FROM latest)) AS mean_before,
           max(n) FILTER (WHERE batch_date = (SELECT d FROM latest)) AS latest_n
    FROM grid
    GROUP BY org_code
),
bad AS (
    SELECT * FROM history
    WHERE mean_before > 0 AND latest_n < (1 - $volume_drop) * mean_before
)
SELECT count(*) AS observed,
       (SELECT string_agg(org_code || ': ' || latest_n || ' rows on ' || (SELECT d FROM latest)
                          || ' vs mean ' || round(mean_before, 1) || ' before', ', ')
        FROM (SELECT * FROM bad ORDER BY latest_n / mean_before, org_code LIMIT $examples)) AS examples
FROM bad

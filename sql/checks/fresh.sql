-- Loaded batches of one source dated within the last $freshness_days days (today is $today).
WITH batches AS (
    SELECT DISTINCT batch_date
    FROM audit.files
    WHERE status = 'loaded' AND source = $source AND batch_date IS NOT NULL
)
SELECT count(*) FILTER (WHERE batch_date >= $today::DATE - $freshness_days::INTEGER) AS observed,
       CASE WHEN max(batch_date) IS NULL THEN 'no loaded batch of ' || $source
            ELSE 'latest ' || $source || ' batch ' || max(batch_date) || ', '
                 || date_diff('day', max(batch_date), $today::DATE) || ' days before ' || $today::DATE
       END AS examples
FROM batches

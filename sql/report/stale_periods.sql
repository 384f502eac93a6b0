-- Of the periods asked for, those with no indicators or computed before the latest loaded file.
-- Parameters: $periods.
WITH computed AS (
    SELECT period, min(computed_at) AS at FROM marts.indicators WHERE list_contains($periods, period) GROUP BY period
),
latest AS (SELECT max(processed_at) AS at FROM audit.files WHERE status = 'loaded')
SELECT p.period
FROM unnest($periods) AS p(period)
LEFT JOIN computed c USING (period)
CROSS JOIN latest l
WHERE c.at IS NULL OR c.at < l.at
ORDER BY p.period

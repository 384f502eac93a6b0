-- Grievances received in P by channel and by topic: count and responded within 24 hours.
-- Parameters: $period_start, $period_end.
WITH g AS (
    SELECT channel, topic,
           responded_at IS NOT NULL AND epoch(responded_at - received_at) <= 86400 AS in_24h
    FROM core.grievances
    WHERE CAST(received_at AS DATE) BETWEEN $period_start AND $period_end
)
SELECT 'channel' AS dimension, channel AS code, count(*) AS received, count(*) FILTER (WHERE in_24h) AS in_24h
FROM g GROUP BY channel
UNION ALL
SELECT 'topic', topic, count(*), count(*) FILTER (WHERE in_24h) FROM g GROUP BY topic
ORDER BY dimension, received DESC, code

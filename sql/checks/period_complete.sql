-- Sources (every one but regions) with no loaded batch dated after the period's end $period_end:
-- the officers' files for the period have not all arrived.
WITH sources AS (
    SELECT unnest(['units', 'members', 'mediation', 'grievances']) AS source
),
latest AS (
    SELECT source, max(batch_date) AS batch_date
    FROM audit.files
    WHERE status = 'loaded'
    GROUP BY source
),
bad AS (
    SELECT s.source, l.batch_date
    FROM sources s
    LEFT JOIN latest l USING (source)
    WHERE l.batch_date IS NULL OR l.batch_date <= $period_end::DATE
)
SELECT count(*) AS observed,
       (SELECT string_agg(source || ' (latest batch ' || coalesce(batch_date::VARCHAR, 'none') || ')', ', ')
        FROM (SELECT * FROM bad ORDER BY source LIMIT $examples)) AS examples
FROM bad

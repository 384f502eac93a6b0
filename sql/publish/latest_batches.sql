-- The latest loaded batch date of each source in $sources (null when it has none).
SELECT s.source, max(f.batch_date) AS latest
FROM unnest($sources::VARCHAR[]) AS s(source)
LEFT JOIN audit.files f ON f.source = s.source AND f.status = 'loaded'
GROUP BY s.source
ORDER BY list_position($sources::VARCHAR[], s.source)

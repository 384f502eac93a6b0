-- Files of the month (batch dated after E, at most a month later) turned away whole, with the reason.
-- Parameters: $period_end, $window_end.
SELECT source, file_name, batch_date, reason_code, reason_zh
FROM audit.files
WHERE status = 'rejected' AND (batch_date IS NULL OR (batch_date > $period_end AND batch_date <= $window_end))
ORDER BY source, file_name

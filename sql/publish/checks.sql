-- The latest result of each check, global or for $period (the same reading as the gate's).
SELECT check_name, table_name, severity, passed
FROM audit.check_results
WHERE period IS NULL OR period = $period
QUALIFY row_number() OVER (PARTITION BY check_name, coalesce(period, '') ORDER BY checked_at DESC) = 1
ORDER BY check_name, table_name

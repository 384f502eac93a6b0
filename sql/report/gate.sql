-- The gate as it stands for the period: each check's latest result (table checks any run, period checks of P).
-- Parameters: $period.
SELECT check_name, table_name, severity, passed, expected, observed, detail, checked_at
FROM audit.check_results
WHERE period IS NULL OR period = $period
QUALIFY row_number() OVER (PARTITION BY check_name, table_name ORDER BY checked_at DESC) = 1
ORDER BY passed, severity, table_name, check_name

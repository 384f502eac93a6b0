-- The indicators of the periods asked for, every area (marts.indicators as computed). Parameters: $periods.
SELECT period, ref_area, indicator, unit_measure, numerator, denominator, value, obs_status
FROM marts.indicators
WHERE list_contains($periods, period)
ORDER BY period, ref_area, indicator

-- One period's observations as published (value unrounded: rounding is done in Python, exactly).
SELECT ref_area, indicator, unit_measure, value, obs_status
FROM marts.indicators
WHERE period = $period

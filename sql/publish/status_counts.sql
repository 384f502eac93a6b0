-- How many of one period's observations are normal (A), low-base (U) and missing (M).
SELECT obs_status, count(*) FROM marts.indicators WHERE period = ? GROUP BY obs_status ORDER BY obs_status;

-- The newest version published for one county and period.
SELECT version, path, indicators_sha256, generated_at
FROM audit.publications
WHERE county_code = $county AND period = $period
ORDER BY version DESC
LIMIT 1

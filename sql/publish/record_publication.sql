-- One new version written to disk.
INSERT INTO audit.publications (
    county_code, period, version, path, indicators_sha256, content_fingerprint, generated_at, created_at,
    observations, batches, checks_passed, warnings_failed, employee_threshold
) VALUES (
    $county_code, $period, $version, $path, $indicators_sha256, $content_fingerprint, $generated_at, $created_at,
    $observations, $batches, $checks_passed, $warnings_failed, $employee_threshold
)

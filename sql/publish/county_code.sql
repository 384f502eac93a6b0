-- The county's code (compute_indicators has already required exactly one county row).
SELECT code FROM core.regions WHERE level = 'county'

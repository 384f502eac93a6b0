-- How many rows of core.regions are the county (the contract wants exactly one).
SELECT count(*) AS observed,
       (SELECT string_agg(code, ', ')
        FROM (SELECT code FROM core.regions WHERE level = 'county' ORDER BY code LIMIT $examples)) AS examples
FROM core.regions
WHERE level = 'county'

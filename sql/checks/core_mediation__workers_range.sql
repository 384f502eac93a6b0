-- Cases whose workers is missing or below 1 (the contract: an integer >= 1).
WITH bad AS (
    SELECT case_no, workers FROM core.mediation WHERE workers IS NULL OR workers < 1
)
SELECT count(*) AS observed,
       (SELECT string_agg(case_no || ' workers=' || coalesce(workers::VARCHAR, 'null'), ', ')
        FROM (SELECT * FROM bad ORDER BY case_no LIMIT $examples)) AS examples
FROM bad

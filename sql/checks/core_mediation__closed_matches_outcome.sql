-- Cases whose closing date disagrees with the outcome: pending with a date, or decided without one.
WITH bad AS (
    SELECT case_no, outcome, closed
    FROM core.mediation
    WHERE outcome IS NULL OR (outcome = 'pending') = (closed IS NOT NULL)
)
SELECT count(*) AS observed,
       (SELECT string_agg(case_no || ' ' || coalesce(outcome, 'null') || ' closed=' || coalesce(closed::VARCHAR, 'null'), ', ')
        FROM (SELECT * FROM bad ORDER BY case_no LIMIT $examples)) AS examples
FROM bad

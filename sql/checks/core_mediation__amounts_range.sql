-- Cases with a negative amount claimed or agreed (the contract: amounts >= 0).
WITH bad AS (
    SELECT case_no, amount_claimed, amount_agreed
    FROM core.mediation
    WHERE amount_claimed < 0 OR amount_agreed < 0
)
SELECT count(*) AS observed,
       (SELECT string_agg(case_no || ' claimed=' || coalesce(amount_claimed::VARCHAR, 'null')
                          || ' agreed=' || coalesce(amount_agreed::VARCHAR, 'null'), ', ')
        FROM (SELECT * FROM bad ORDER BY case_no LIMIT $examples)) AS examples
FROM bad

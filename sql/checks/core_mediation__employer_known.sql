-- Cases naming an employer USCC that no unit in core.units carries (a warning in the contract).
WITH bad AS (
    SELECT employer_uscc, count(*) AS n
    FROM core.mediation
    WHERE employer_uscc IS NOT NULL
      AND employer_uscc NOT IN (SELECT uscc FROM core.units WHERE uscc IS NOT NULL)
    GROUP BY employer_uscc
)
SELECT coalesce(sum(n), 0)::BIGINT AS observed,
       (SELECT string_agg(employer_uscc || ' ×' || n, ', ')
        FROM (SELECT * FROM bad ORDER BY n DESC, employer_uscc LIMIT $examples)) AS examples
FROM bad

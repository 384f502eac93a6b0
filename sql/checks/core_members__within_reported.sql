-- Active units (their state today) with more registered members active today than the members
-- they report: the real-name register and the units' own returns disagree.
WITH units_now AS (
    SELECT uscc, members, status
    FROM core.units
    WHERE report_date <= $today
    QUALIFY row_number() OVER (PARTITION BY uscc ORDER BY report_date DESC, batch_seq DESC) = 1
),
registered AS (
    SELECT unit_uscc AS uscc, count(*) AS n
    FROM core.members
    WHERE unit_uscc IS NOT NULL AND joined <= $today AND ("left" IS NULL OR "left" > $today)
    GROUP BY unit_uscc
),
bad AS (
    SELECT u.uscc, coalesce(u.members, 0) AS reported, r.n AS registered
    FROM units_now u
    JOIN registered r USING (uscc)
    WHERE coalesce(u.status, 'active') = 'active' AND r.n > coalesce(u.members, 0)
)
SELECT count(*) AS observed,
       (SELECT string_agg(uscc || ' reports ' || reported || ', registered ' || registered, ', ')
        FROM (SELECT * FROM bad ORDER BY registered - reported DESC, uscc LIMIT $examples)) AS examples
FROM bad

-- The per-area rates the balance figures (balance.sql) are computed from, unrounded: for each
-- family (ESTAB: COV_UNITS_ESTABLISHED / COV_UNITS_REQUIRED, MEMB: COV_MEMBERS / COV_EMPLOYEES) one
-- row per area (the county's own row gives the county rate). `in_set`: a township or system with a
-- denominator above 0. Reads ind_figures, so it is queried after coverage.sql has run.
CREATE OR REPLACE TEMP VIEW ind_rec_rates AS
WITH families(family, num_code, den_code) AS (
    VALUES ('ESTAB', 'COV_UNITS_ESTABLISHED', 'COV_UNITS_REQUIRED'),
           ('MEMB', 'COV_MEMBERS', 'COV_EMPLOYEES')
),
rates AS (
    SELECT f.family, a.ref_area, a.level,
           CAST(n.numerator AS HUGEINT) AS num, CAST(d.numerator AS HUGEINT) AS den
    FROM families f
    CROSS JOIN ind_areas a
    JOIN ind_figures n ON n.ref_area = a.ref_area AND n.indicator = f.num_code
    JOIN ind_figures d ON d.ref_area = a.ref_area AND d.indicator = f.den_code
),
county AS (
    SELECT family, num AS c_num, den AS c_den FROM rates WHERE level = 'county'
)
SELECT
    r.family,
    r.ref_area,
    r.level,
    r.num,
    r.den,
    r.level <> 'county' AND r.den > 0 AS in_set,
    CASE WHEN r.den > 0 THEN CAST(r.num AS DOUBLE) / CAST(r.den AS DOUBLE) END AS x,
    -- x < county rate - 0.10, compared exactly in integers:
    -- num/den < c_num/c_den - 1/10  <=>  10*num*c_den < 10*c_num*den - den*c_den
    r.level <> 'county' AND r.den > 0
        AND c.c_den > 0 AND 10 * r.num * c.c_den < 10 * c.c_num * r.den - r.den * c.c_den AS laggard
FROM rates r
JOIN county c USING (family);

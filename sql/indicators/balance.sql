-- Balance across townships and systems (BAL_*, county only), from the unrounded coverage figures:
-- establishment rates over areas with COV_UNITS_REQUIRED > 0, membership rates over areas with
-- COV_EMPLOYEES > 0. Runs after coverage.sql. The base is the size of the set.
INSERT INTO ind_figures
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
    SELECT family, ref_area, num AS c_num, den AS c_den FROM rates WHERE level = 'county'
),
x AS (
    SELECT r.family, r.ref_area, CAST(r.num AS DOUBLE) / CAST(r.den AS DOUBLE) AS x,
           -- x < county rate - 0.10, compared exactly in integers:
           -- num/den < c_num/c_den - 1/10  <=>  10*num*c_den < 10*c_num*den - den*c_den
           c.c_den > 0 AND 10 * r.num * c.c_den < 10 * c.c_num * r.den - r.den * c.c_den AS laggard
    FROM rates r JOIN county c USING (family)
    WHERE r.level <> 'county' AND r.den > 0
),
spread AS (
    SELECT a.family, sum(abs(a.x - b.x)) AS abs_diff_sum
    FROM x a JOIN x b USING (family)
    GROUP BY a.family
),
stats AS (
    SELECT family, count(*) AS n, min(x) AS min_x, max(x) AS max_x, avg(x) AS mean_x,
           stddev_pop(x) AS sd_x, count(*) FILTER (WHERE laggard) AS laggards
    FROM x
    GROUP BY family
),
w AS (
    SELECT f.family, c.ref_area, coalesce(s.n, 0) AS n, s.min_x, s.max_x, s.mean_x, s.sd_x,
           s.laggards, sp.abs_diff_sum
    FROM families f
    JOIN county c USING (family)
    LEFT JOIN stats s USING (family)
    LEFT JOIN spread sp USING (family)
)
SELECT w.ref_area, 'BAL_' || w.family || '_' || v.stat AS indicator,
       NULL AS numerator, NULL AS denominator, w.n AS base,
       CASE WHEN w.n > 0 THEN v.value END AS value
FROM w, LATERAL (VALUES
    ('MIN',      w.min_x),
    ('MAX',      w.max_x),
    -- a mean of 0 leaves CV and Gini undefined: missing
    ('CV',       CASE WHEN w.mean_x <> 0 THEN w.sd_x / w.mean_x END),
    ('GINI',     CASE WHEN w.mean_x <> 0 THEN w.abs_diff_sum / (2 * w.n * w.n * w.mean_x) END),
    ('LAGGARDS', w.laggards)
) v(stat, value);

-- Balance across townships and systems (BAL_*, county only), from the unrounded coverage figures:
-- establishment rates over areas with COV_UNITS_REQUIRED > 0, membership rates over areas with
-- COV_EMPLOYEES > 0 (the per-area rates are records/rates.sql, which `explain` lists). Runs after
-- coverage.sql. The base is the size of the set.
INSERT INTO ind_figures
WITH families(family) AS (VALUES ('ESTAB'), ('MEMB')),
county AS (
    SELECT r.family, a.ref_area FROM ind_rec_rates r JOIN ind_areas a USING (ref_area) WHERE a.level = 'county'
),
x AS (SELECT family, ref_area, x, laggard FROM ind_rec_rates WHERE in_set),
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

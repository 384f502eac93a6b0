-- Values of $period whose modified z-score against the area's own earlier months reaches $outlier_z
-- (scores: outlier_scores.sql). A flat history (MAD 0) gives no score and no flag.
WITH scores AS (
@counts@
),
flagged AS (SELECT * FROM scores WHERE z >= $outlier_z)
SELECT count(*) AS observed,
       (SELECT string_agg(ref_area || '/' || indicator || '=' || round(value, 4) || ' (median '
                          || round(median, 4) || ', z ' || round(z, 1) || ')', ', ')
        FROM (SELECT * FROM flagged ORDER BY z DESC, ref_area, indicator LIMIT $examples)) AS examples
FROM flagged

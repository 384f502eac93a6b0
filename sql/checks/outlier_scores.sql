-- Each (area, indicator) of $period against its own earlier periods of the same kind (months, quarters or
-- years: the 12 before it, from $history_from, keys matching $period_pattern; at least $outlier_months of them
-- with a value): median, MAD (median absolute deviation) and the modified z-score
-- 0.6745 · |x − median| / MAD, null when MAD is 0 (the history is flat: no score; see docs/decisions.md).
-- Only values with status A are scored: low bases (U) swing by chance.
WITH cur AS (
    SELECT ref_area, indicator, value
    FROM marts.indicators
    WHERE period = $period AND value IS NOT NULL AND obs_status = 'A'
),
hist AS (
    SELECT h.ref_area, h.indicator, h.value
    FROM marts.indicators h
    JOIN cur USING (ref_area, indicator)
    WHERE h.period < $period AND h.value IS NOT NULL
      AND h.period >= $history_from AND regexp_full_match(h.period, $period_pattern)
),
med AS (
    SELECT ref_area, indicator, median(value) AS median, count(*) AS months
    FROM hist GROUP BY ref_area, indicator HAVING count(*) >= $outlier_months
),
mad AS (
    SELECT h.ref_area, h.indicator, median(abs(h.value - m.median)) AS mad
    FROM hist h JOIN med m USING (ref_area, indicator)
    GROUP BY h.ref_area, h.indicator
)
SELECT c.ref_area, c.indicator, c.value, m.median, d.mad, m.months,
       CASE WHEN d.mad > 0 THEN 0.6745 * abs(c.value - m.median) / d.mad END AS z
FROM cur c
JOIN med m USING (ref_area, indicator)
JOIN mad d USING (ref_area, indicator)

-- The month's outliers for the report: scored values at or above $outlier_z, and values that differ from a flat
-- history (MAD 0, no score), largest first. The scores model (sql/checks/outlier_scores.sql) is put in below.
SELECT ref_area, indicator, value, median, mad, months, z
FROM (
@scores@
) s
WHERE z >= $outlier_z OR (mad = 0 AND value <> median)
ORDER BY z DESC NULLS LAST, ref_area, indicator

-- Rows the period should have but lacks: every area × every indicator, county-only ones for the
-- county alone. Empty when compute produced the full grid.
SELECT a.ref_area, c.code AS indicator
FROM ind_areas a CROSS JOIN ind_catalog c
WHERE a.level = 'county' OR NOT c.county_only
EXCEPT
SELECT ref_area, indicator FROM marts.indicators WHERE period = ?
ORDER BY 1, 2;

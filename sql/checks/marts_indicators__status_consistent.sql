-- Indicator rows of period $period whose status disagrees with the value: M exactly when the
-- value is empty, and the status one of A, U, M.
WITH bad AS (
    SELECT ref_area, indicator, value, obs_status
    FROM marts.indicators
    WHERE period = $period
      AND (obs_status IS NULL OR obs_status NOT IN ('A', 'U', 'M') OR (obs_status = 'M') <> (value IS NULL))
)
SELECT count(*) AS observed,
       (SELECT string_agg(ref_area || '/' || indicator || ' ' || coalesce(obs_status, 'null')
                          || ' value=' || coalesce(value::VARCHAR, 'null'), ', ')
        FROM (SELECT * FROM bad ORDER BY ref_area, indicator LIMIT $examples)) AS examples
FROM bad

-- The run's parameters, bound by the caller: period 'YYYY-MM', its first and last day, the
-- employee threshold. Every model reads them from here instead of having them spliced in.
CREATE OR REPLACE TEMP TABLE ind_params AS
SELECT ?::VARCHAR AS period, ?::DATE AS p_start, ?::DATE AS p_end, ?::INTEGER AS threshold;

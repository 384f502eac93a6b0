-- core.units_at(as_of): each unit's state at a date, i.e. its version with the latest report_date
-- on or before it, ties going to the later batch. DuckDB binds a macro's tables when the macro is
-- created, so this cannot live in sql/schema/ (core.units is built later, by the ingest); it is
-- (re)created once core.units exists. Recreating core.units later does not break it.
CREATE OR REPLACE MACRO core.units_at(as_of) AS TABLE
SELECT *
FROM core.units
WHERE report_date <= as_of
QUALIFY row_number() OVER (PARTITION BY uscc ORDER BY report_date DESC, batch_seq DESC) = 1;

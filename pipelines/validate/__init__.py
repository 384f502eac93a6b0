"""Validation gate: Great Expectations suites run as Dagster asset checks.

DuckDB reduces each table to small figures (counts, offending examples: sql/checks/), Great
Expectations judges them (one suite per table, `expectations`), results go to audit.check_results
(`results`). A table check whose inputs (`inputs`: SQL, values, loaded files, version) are unchanged may
carry its latest result forward instead (`reuse`). Entry points: `run.run_table_checks`,
`run.run_period_checks`, `run.run_all_checks`, `asset_checks.build_asset_checks` (Dagster) and
`gate.open_blocking_failures` (publishing).
"""

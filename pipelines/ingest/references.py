"""What rows are checked against, read from the warehouse as it stands before the file loads."""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.ingest.rules import References, codes
from pipelines.warehouse import table_exists


def current_references(con: duckdb.DuckDBPyConnection, source: str) -> References:
    """Township/system and village codes of core.regions, and (for mediation) the known units."""
    if not table_exists(con, "core", "regions"):
        return References(codes(), codes())
    orgs = _codes(con, "SELECT DISTINCT code FROM core.regions WHERE level IN ('township', 'system')")
    villages = _codes(con, "SELECT DISTINCT code FROM core.regions WHERE level = 'village'")
    units = codes()
    if source == "mediation" and table_exists(con, "staging", "units"):
        units = _codes(con, "SELECT DISTINCT uscc FROM staging.units WHERE uscc IS NOT NULL")
    return References(orgs, villages, units)


def _codes(con: duckdb.DuckDBPyConnection, sql: str) -> pl.Series:
    """The single text column a query returns, without passing through Python objects."""
    return pl.from_arrow(con.sql(sql).to_arrow_table()).to_series().cast(pl.String).rename("codes")


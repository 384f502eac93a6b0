"""What rows are checked against, read from the warehouse as it stands before the file loads.

A file's references are those in force on its batch date (docs/decisions.md, "Regions in force on a
batch date"): the regions batch in force then (sql/ingest/regions_in_force.sql) and, for mediation's
employers, the units reported in batches dated on or before it. Whether the files came in one night or
in several, a row is therefore judged against the same references; core and the gate hold everything
against the latest regions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb
import polars as pl

from pipelines.ingest.judge.rules import References, codes
from pipelines.ingest.read.discover import RawFile
from pipelines.paths import read_sql
from pipelines.warehouse import table_exists

ORGS = "level IN ('township', 'system')"
VILLAGES = "level = 'village'"


def references_by_file(con: duckdb.DuckDBPyConnection, source: str, files: Iterable[RawFile]) -> dict[str, References]:
    """Each dated file's references (by file id), read once per distinct batch date."""
    by_date: dict[dt.date, References] = {}
    found = {}
    for f in files:
        if f.batch_date is None:
            continue
        if f.batch_date not in by_date:
            by_date[f.batch_date] = references_at(con, source, f.batch_date)
        found[f.file_id] = by_date[f.batch_date]
    return found


def references_at(con: duckdb.DuckDBPyConnection, source: str, batch_date: dt.date) -> References:
    """Township/system and village codes of the regions in force on `batch_date`, and (for mediation) the
    units reported in batches dated on or before it."""
    regions = regions_in_force(con, batch_date)
    if regions is None:
        return References(codes(), codes())
    table, file_id = regions
    of_batch = "($f::VARCHAR IS NULL OR file_id = $f::VARCHAR)"
    orgs = _codes(con, f"SELECT DISTINCT code FROM {table} WHERE {ORGS} AND {of_batch}", {"f": file_id})
    villages = _codes(con, f"SELECT DISTINCT code FROM {table} WHERE {VILLAGES} AND {of_batch}", {"f": file_id})
    units = codes()
    if source == "mediation" and table_exists(con, "staging", "units"):
        units = _codes(con, "SELECT DISTINCT uscc FROM staging.units WHERE uscc IS NOT NULL AND batch_date <= $d",
                       {"d": batch_date})
    return References(orgs, villages, units)


def regions_in_force(con: duckdb.DuckDBPyConnection, batch_date: dt.date) -> tuple[str, str | None] | None:
    """(table, file id) of the regions batch in force on `batch_date`; None when no regions are loaded.

    A warehouse whose staging has no regions table (made by hand, as some tests do) falls back to the
    whole of core.regions (file id None).
    """
    if table_exists(con, "staging", "regions"):
        rows = con.execute(read_sql("ingest/regions_in_force.sql"), {"batch_date": batch_date}).fetchall()
        return ("staging.regions", rows[0][0]) if rows else None
    if table_exists(con, "core", "regions"):
        return "core.regions", None
    return None


def _codes(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> pl.Series:
    """The single text column a query returns, without passing through Python objects."""
    table = con.sql(sql, params=params).to_arrow_table()
    return pl.from_arrow(table).to_series().cast(pl.String).rename("codes")

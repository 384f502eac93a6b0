"""Compute one period's indicators from the core tables into marts.indicators."""

from __future__ import annotations

from datetime import date

import duckdb

from pipelines.indicators.catalog import load_catalog
from pipelines.indicators.period import period_bounds
from pipelines.warehouse import read_sql

# Shared temp tables every family reads (params and catalog are loaded before these).
PREPARE = ("areas", "unit_states", "figures")
# The per-record views (sql/indicators/records/) the families aggregate and `unionpipe explain` lists.
RECORDS = ("units", "members", "villages", "cases", "tickets", "rates")
# integrated and balance read the figures coverage and mediation wrote, so they come last.
FAMILIES = ("coverage", "mediation", "grievances", "integrated", "balance")


class IndicatorError(RuntimeError):
    """The core tables cannot give a full set of indicators (e.g. no county in core.regions)."""


def ensure_units_at(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the `core.units_at(E)` table macro; core.units must exist already."""
    con.execute(read_sql("indicators/units_at.sql"))


def compute_indicators(con: duckdb.DuckDBPyConnection, period: str, threshold: int) -> int:
    """Replace period's rows of marts.indicators (all in one transaction); return their count."""
    start, end = period_bounds(period)
    if threshold < 0:
        raise ValueError(f"bad_threshold: {threshold}（建会职工人数标准不能为负数）")
    con.begin()
    try:
        rows = _compute(con, period, start, end, threshold)
    except BaseException:
        con.rollback()
        raise
    con.commit()
    return rows


def prepare_records(con: duckdb.DuckDBPyConnection) -> None:
    """Create the shared temp tables and the per-record views for the period in ind_params.

    Only temp objects: a read-only connection can run it (`unionpipe explain`)."""
    for model in PREPARE:
        con.execute(read_sql(f"indicators/{model}.sql"))
    for model in RECORDS:
        con.execute(read_sql(f"indicators/records/{model}.sql"))


def _compute(con: duckdb.DuckDBPyConnection, period: str, start: date, end: date, threshold: int) -> int:
    con.execute(read_sql("indicators/params.sql"), [period, start, end, threshold])
    load_catalog(con)
    ensure_units_at(con)
    prepare_records(con)
    _require_one_county(con)
    for model in FAMILIES:
        con.execute(read_sql(f"indicators/{model}.sql"))
    con.execute("DELETE FROM marts.indicators WHERE period = ?", [period])
    con.execute(read_sql("indicators/status.sql"))
    missing = con.execute(read_sql("indicators/missing.sql"), [period]).fetchall()
    if missing:
        raise IndicatorError(f"incomplete_indicators: {missing[:5]}（指标计算不完整）")
    return con.execute("SELECT count(*) FROM marts.indicators WHERE period = ?", [period]).fetchone()[0]


def _require_one_county(con: duckdb.DuckDBPyConnection) -> None:
    counties = con.execute("SELECT count(*) FROM ind_areas WHERE level = 'county'").fetchone()[0]
    if counties != 1:
        raise IndicatorError(
            f"no_single_county: core.regions has {counties} county rows"
            "（组织机构表中县级记录应恰好一条）"
        )

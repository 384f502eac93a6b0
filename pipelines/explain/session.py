"""A read-only warehouse session with the period's per-record views in place."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.indicators.catalog import load_catalog
from pipelines.indicators.compute import prepare_records
from pipelines.indicators.period import period_bounds
from pipelines.settings import env
from pipelines.warehouse import read_sql, table_exists


class ExplainError(RuntimeError):
    """The figure cannot be explained (unknown code or area, period not computed)."""


def open_warehouse(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: explaining never takes the writer's lock nor changes the warehouse."""
    if not Path(path).is_file():
        raise ExplainError(f"no_warehouse: {path}（找不到数据仓库文件）")
    # the same memory cap as the writer: a county-wide listing is sorted on disk beyond it, not in RAM
    con = duckdb.connect(str(path), read_only=True, config={"memory_limit": env("UNIONPIPE_DUCKDB_MEMORY")})
    if not table_exists(con, "marts", "indicators"):
        con.close()
        raise ExplainError(f"no_indicators: {path}（仓库中还没有计算过指标）")
    return con


def set_period(con: duckdb.DuckDBPyConnection, period: str, threshold: int, coverage: bool = False) -> None:
    """Point the records views at `period` (E = its last day); `coverage` also sums the coverage
    figures into the temp ind_figures, which the balance rates read."""
    start, end = period_bounds(period)
    con.execute(read_sql("indicators/params.sql"), [period, start, end, threshold])
    load_catalog(con)
    prepare_records(con)
    if coverage:
        con.execute(read_sql("indicators/coverage.sql"))


def published(con: duckdb.DuckDBPyConnection, period: str, area: str, code: str) -> dict:
    """The figure's row of marts.indicators as a dict; ExplainError when there is none."""
    cur = con.execute(
        "SELECT unit_measure, numerator, denominator, base, value, obs_status, computed_at "
        "FROM marts.indicators WHERE period = ? AND ref_area = ? AND indicator = ?", [period, area, code])
    row = cur.fetchone()
    if row is None:
        raise ExplainError(
            f"not_published: {code} {area} {period}（该期间/地区没有此指标：先运行 unionpipe publish，或检查地区代码）")
    return dict(zip([d[0] for d in cur.description], row))

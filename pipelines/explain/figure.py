"""Explain one published figure: its printed account and, optionally, its records written out."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.explain.roles import balance_family
from pipelines.explain.rows import records_sql
from pipelines.explain.session import ExplainError, published, set_period
from pipelines.explain.summary import summary_lines
from pipelines.explain.writers import write_listing
from pipelines.indicators.catalog import BY_CODE

BATCH_ROWS = 65_536  # rows per Arrow batch streamed to the file


def check_code(code: str) -> str:
    """The indicator code in upper case; ExplainError when the catalog does not have it."""
    code = code.strip().upper()
    if code not in BY_CODE:
        raise ExplainError(f"unknown_indicator: {code}（指标代码不存在；见 docs 指标目录）")
    return code


def area_name(con: duckdb.DuckDBPyConnection, area: str) -> str:
    """The area's name and level from core.regions, or ExplainError when it is not an area published."""
    rows = con.execute(
        "SELECT name, level FROM core.regions WHERE code = ? AND level IN ('county', 'township', 'system')",
        [area]).fetchall()
    if not rows:
        raise ExplainError(f"unknown_area: {area}（不是县、乡镇或系统的代码）")
    return f"{rows[0][0]}（{rows[0][1]}）"


def prepare(con: duckdb.DuckDBPyConnection, code: str, period: str, threshold: int) -> None:
    """Set the records views to `period`; balance figures also need the coverage figures summed."""
    set_period(con, period, threshold, coverage=balance_family(code) is not None)


def listing(con: duckdb.DuckDBPyConnection, code: str, area: str) -> duckdb.DuckDBPyRelation:
    """The figure's records in `area` as a relation (nothing read until it is consumed)."""
    return con.sql(records_sql(code), params={"area": area})


def listed_totals(con: duckdb.DuckDBPyConnection, code: str, area: str) -> dict[str, tuple]:
    """{role: (rows, sum of amounts or None)} over the listing: what the printed account reports."""
    sql = f"SELECT role, count(*), sum(amount) FROM ({records_sql(code, ordered=False)}) GROUP BY role"
    rows = con.execute(sql, {"area": area}).fetchall()
    return {role: (n, amount) for role, n, amount in rows}


def _counting(reader, totals: dict[str, list]):
    """Pass the batches through, adding each role's rows and amounts to `totals` on the way."""
    for batch in reader:
        grouped = pa.Table.from_batches([batch]).group_by("role").aggregate([("amount", "sum"), ("role", "count")])
        for role, amount, n in zip(*(grouped[c].to_pylist() for c in ("role", "amount_sum", "role_count"))):
            seen = totals.setdefault(role, [0, None])
            seen[0] += n
            if amount is not None:
                seen[1] = (seen[1] or 0) + amount
        yield batch


def explain_figure(con: duckdb.DuckDBPyConnection, code: str, area: str, period: str, threshold: int,
                   out: Path | None = None) -> tuple[list[str], int | None]:
    """The printed lines and, with `out`, the number of records written there."""
    code = check_code(code)
    name = area_name(con, area)
    row = published(con, period, area, code)
    prepare(con, code, period, threshold)
    if out is None:
        return summary_lines(code, area, name, period, row, listed_totals(con, code, area)), None
    # one pass: the rows are counted as they stream to the file
    reader = listing(con, code, area).to_arrow_reader(BATCH_ROWS)
    totals: dict[str, list] = {}
    try:
        written = write_listing(_counting(reader, totals), reader.schema, out)
    except BaseException:
        out.unlink(missing_ok=True)  # never leave half a listing behind
        raise
    listed = {role: tuple(v) for role, v in totals.items()}
    return summary_lines(code, area, name, period, row, listed), written

"""Which months the report shows, and making sure their indicators are computed from the data as it stands."""

from __future__ import annotations

import duckdb

from pipelines.indicators.compute import compute_indicators, ensure_units_at
from pipelines.indicators.period import last_month
from pipelines.report.figures import has_table
from pipelines.warehouse import read_sql

TREND_MONTHS = 12


def shift(period: str, months: int) -> str:
    """The month `months` after (negative: before) period 'YYYY-MM'."""
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def first_data_period(con: duckdb.DuckDBPyConnection) -> str | None:
    """The month before the earliest loaded batch of any period source: the first month the files can describe."""
    first = con.execute("SELECT min(batch_date) FROM audit.files WHERE status = 'loaded' AND source <> 'regions'"
                        ).fetchone()[0]
    return shift(f"{first.year:04d}-{first.month:02d}", -1) if first else None


def trend_periods(con: duckdb.DuckDBPyConnection, period: str) -> list[str]:
    """The last 12 months ending with period's last month (trends stay monthly for a quarter or a year), from the
    first month the data can describe."""
    end = last_month(period)  # refuses a malformed period
    first = first_data_period(con)
    months = [shift(end, -k) for k in range(TREND_MONTHS - 1, -1, -1)]
    return [m for m in months if first is None or m >= first] or [end]


def refresh_indicators(con: duckdb.DuckDBPyConnection, periods: list[str], threshold: int) -> list[str]:
    """Compute the periods whose indicators are missing or older than the latest load (needs the writer); which."""
    stale = [r[0] for r in con.execute(read_sql("report/stale_periods.sql"), {"periods": periods}).fetchall()]
    ready = has_table(con, "core.regions") and has_table(con, "core.units")
    if stale and ready and con.execute("SELECT count(*) FROM core.regions WHERE level = 'county'").fetchone()[0] == 1:
        ensure_units_at(con)
        for p in stale:
            compute_indicators(con, p, threshold)
    return stale

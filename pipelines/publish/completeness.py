"""When a period is complete: every source but regions has a loaded batch dated after its end E."""

from __future__ import annotations

from datetime import date

import duckdb

from pipelines.indicators.period import period_bounds
from pipelines.ingest.specs import LOAD_ORDER
from pipelines.warehouse import read_sql

# regions is reference data: its last batch stands until replaced, so it never holds a period back.
PERIOD_SOURCES: tuple[str, ...] = tuple(s for s in LOAD_ORDER if s != "regions")


def latest_batches(con: duckdb.DuckDBPyConnection) -> dict[str, date | None]:
    """The latest loaded batch date of each period source (None when it has none)."""
    rows = con.execute(read_sql("publish/latest_batches.sql"), {"sources": list(PERIOD_SOURCES)}).fetchall()
    return dict(rows)


def missing_sources(con: duckdb.DuckDBPyConnection, period: str) -> list[str]:
    """The period sources with no loaded batch dated after the period's end (empty: complete)."""
    _, end = period_bounds(period)
    return [s for s, latest in latest_batches(con).items() if latest is None or latest <= end]


def latest_complete_period(con: duckdb.DuckDBPyConnection) -> str | None:
    """The latest month whose every period source has a batch after its end; None before any is."""
    latest = latest_batches(con).values()
    if not latest or any(d is None for d in latest):
        return None
    # The month before the earliest of the latest batches is the last one they all passed the end of.
    oldest = min(latest)
    year, month = (oldest.year, oldest.month - 1) if oldest.month > 1 else (oldest.year - 1, 12)
    return f"{year:04d}-{month:02d}"

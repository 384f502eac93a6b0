"""Write the county report of one month: refresh its months' indicators, read the figures, render, save."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines.report.figures import read_report_data
from pipelines.report.page import render
from pipelines.report.periods import refresh_indicators, trend_periods
from pipelines.report.quality import read_quality
from pipelines.settings import Settings


@dataclass(frozen=True)
class ReportResult:
    """Where the report went, how big it is, how long it took and what state the month is in."""

    path: Path
    size_bytes: int
    seconds: float
    status: str  # complete | incomplete | empty
    recomputed: list[str]


def default_path(settings: Settings, county: str | None, period: str) -> Path:
    """warehouse/reports/<county>/<period>.html (the folder from UNIONPIPE_REPORTS_DIR)."""
    return settings.reports_root / (county or "county") / f"{period}.html"


def write_report(con: duckdb.DuckDBPyConnection, settings: Settings, period: str, out: Path | None = None,
                 refresh: bool = True) -> ReportResult:
    """Write the period's report (a month, a quarter or a year) (the connection must be the writer when `refresh` recomputes stale months)."""
    started = time.perf_counter()
    periods = trend_periods(con, period)
    # A quarter's or a year's own rows are refreshed too (its trend months are the months it ends with).
    wanted = periods if period in periods else [*periods, period]
    recomputed = refresh_indicators(con, wanted, settings.employee_threshold) if refresh else []
    data = read_report_data(con, period, periods)
    q = read_quality(con, settings, period)
    html = render(data, q, datetime.now())
    path = out or default_path(settings, data.county.code if data.county else None, period)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, path)  # a reader never sees half a page
    status = "empty" if data.empty else "incomplete" if data.missing_sources else "complete"
    return ReportResult(path, len(html.encode("utf-8")), time.perf_counter() - started, status, recomputed)

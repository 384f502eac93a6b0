"""The data-quality figures officers need: arrivals per area and source, quarantined rows, rejected files, the gate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from pipelines.indicators.period import history_params, period_bounds
from pipelines.publish.completeness import PERIOD_SOURCES
from pipelines.report.figures import has_table, month_after
from pipelines.settings import Settings
from pipelines.validate.catalog import PERIOD_SUITE, TABLE_SUITES, suite_checks
from pipelines.validate.run import check_params
from pipelines.warehouse import read_sql

SOURCE_ZH = {"units": "建会单位", "members": "会员实名", "mediation": "调解案件", "grievances": "维权诉求", "regions": "组织机构"}


@dataclass(frozen=True)
class GateLine:
    """One check's latest result, with its rule in plain Chinese."""

    check_name: str
    table_name: str
    blocking: bool
    passed: bool
    rule_zh: str
    observed: str | None
    detail: str | None


@dataclass
class Quality:
    """The month's files as the officers sent them, and what the gate says."""

    due: date
    window_end: date
    arrivals: dict[tuple[str, str], tuple[date, int]] = field(default_factory=dict)  # (org, source) -> first, rows
    quarantined: dict[tuple[str | None, str], int] = field(default_factory=dict)  # (org, source) -> rows
    rejected: list[tuple] = field(default_factory=list)
    gate: list[GateLine] = field(default_factory=list)
    outliers: list[tuple] = field(default_factory=list)  # (area, indicator, value, median, mad, months, z)
    outlier_z: float = 3.5
    outlier_months: int = 6


def due_date(period: str, due_day: int) -> date:
    """The day the month's files are due: `due_day` of the following month (clamped to its length)."""
    _, end = period_bounds(period)
    after = month_after(end)
    return after.replace(day=min(max(due_day, 1), after.day))


def rules_zh(settings: Settings, period: str) -> dict[str, str]:
    """Each check's rule in plain Chinese, by its stored name."""
    params = check_params(settings, period, today=date(2000, 1, 1))
    return {c.check_name: c.rule_zh(params) for s in (*TABLE_SUITES, PERIOD_SUITE) for c in suite_checks(s)}


def gate_lines(con: duckdb.DuckDBPyConnection, settings: Settings, period: str) -> list[GateLine]:
    """The latest result of every check that speaks for this month, failures first."""
    rules = rules_zh(settings, period)
    rows = con.execute(read_sql("report/gate.sql"), {"period": period}).fetchall()
    return [GateLine(name, table, severity == "blocking", passed, rules.get(name, name), observed, detail)
            for name, table, severity, passed, _, observed, detail, _ in rows]


def read_quality(con: duckdb.DuckDBPyConnection, settings: Settings, period: str) -> Quality:
    """Arrivals, quarantine and rejections of the month's files (batches dated after E, up to a month later)."""
    _, end = period_bounds(period)
    q = Quality(due_date(period, settings.report_due_day), month_after(end))
    window = {"period_end": end, "window_end": q.window_end}
    if all(has_table(con, f"staging.{s}") for s in PERIOD_SOURCES) and has_table(con, "core.units"):
        q.arrivals = {(o, s): (d, n) for o, s, d, n in con.execute(read_sql("report/arrivals.sql"), window).fetchall()}
        if all(has_table(con, f"raw.{s}") for s in PERIOD_SOURCES):
            q.quarantined = {(o, s): n for o, s, n in
                             con.execute(read_sql("report/quarantine_by_area.sql"), window).fetchall()}
    q.rejected = con.execute(read_sql("report/rejected_files.sql"), window).fetchall()
    q.gate = gate_lines(con, settings, period)
    q.outlier_z, q.outlier_months = settings.outlier_z, settings.outlier_months
    q.outliers = outliers(con, settings, period)
    return q


def outliers(con: duckdb.DuckDBPyConnection, settings: Settings, period: str) -> list[tuple]:
    """The month's values far from the area's own history (modified z-score), and those off a flat history."""
    sql = read_sql("report/outliers.sql").replace("@scores@", read_sql("checks/outlier_scores.sql"))
    return con.execute(sql, {"period": period, "outlier_z": settings.outlier_z,
                             "outlier_months": settings.outlier_months, **history_params(period)}).fetchall()

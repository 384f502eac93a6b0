"""The report's figures, read from the warehouse into plain Python (small: one county's areas and months)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from pipelines.indicators.period import period_bounds
from pipelines.publish.completeness import missing_sources
from pipelines.warehouse import read_sql


@dataclass(frozen=True)
class Area:
    """A county, township or system, with its Chinese name."""

    code: str
    name: str
    level: str


@dataclass(frozen=True)
class Figure:
    """One indicator of one area and month, as marts.indicators holds it (value unrounded; None when missing)."""

    value: float | None
    status: str
    numerator: float | None
    denominator: float | None


@dataclass
class ReportData:
    """Everything the page shows for one month; `figures[(period, area, indicator)]`."""

    period: str
    county: Area | None
    areas: list[Area]
    periods: list[str]
    figures: dict[tuple[str, str, str], Figure]
    missing_sources: list[str]
    grievances_by: list[tuple[str, str, int, int]] = field(default_factory=list)
    amounts: dict[str, tuple[float, float, int]] = field(default_factory=dict)

    def get(self, indicator: str, area: str | None = None, period: str | None = None) -> Figure | None:
        """The figure of an indicator (the county's and the report's month unless named)."""
        code = area or (self.county.code if self.county else "")
        return self.figures.get((period or self.period, code, indicator))

    def value(self, indicator: str, area: str | None = None, period: str | None = None) -> float | None:
        """The unrounded value, or None when missing or not computed."""
        fig = self.get(indicator, area, period)
        return fig.value if fig else None

    @property
    def empty(self) -> bool:
        """True when the month has no indicators at all (nothing loaded, or no county)."""
        return not any(k[0] == self.period for k in self.figures)

    def name(self, code: str | None) -> str:
        """The Chinese name of an area code (the code itself when unknown)."""
        for a in [self.county, *self.areas]:
            if a and a.code == code:
                return a.name
        return code or "未能归属"


def has_table(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    """True when schema.table exists in the warehouse."""
    schema, table = qualified.split(".")
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                       [schema, table]).fetchone()[0] > 0


def areas(con: duckdb.DuckDBPyConnection) -> tuple[Area | None, list[Area]]:
    """The county and its townships then systems, each in code order."""
    if not has_table(con, "core.regions"):
        return None, []
    rows = con.execute("SELECT code, name, level FROM core.regions WHERE level IN ('county', 'township', 'system') "
                       "ORDER BY level = 'system', code").fetchall()
    county = [Area(*r) for r in rows if r[2] == "county"]
    return (county[0] if len(county) == 1 else None), [Area(*r) for r in rows if r[2] != "county"]


def indicator_figures(con: duckdb.DuckDBPyConnection, periods: list[str]) -> dict[tuple[str, str, str], Figure]:
    """marts.indicators of these months, keyed (period, area, indicator)."""
    rows = con.execute(read_sql("report/indicators.sql"), {"periods": periods}).fetchall()
    return {(p, a, i): Figure(v, s, n, d) for p, a, i, _, n, d, v, s in rows}


def read_report_data(con: duckdb.DuckDBPyConnection, period: str, periods: list[str]) -> ReportData:
    """The month's figures, its trend months', and what the rights-protection section needs beyond them."""
    start, end = period_bounds(period)
    county, others = areas(con)
    loaded = has_table(con, "core.grievances") and has_table(con, "core.mediation")
    data = ReportData(period, county, others, periods, indicator_figures(con, sorted({*periods, period})),
                      missing_sources(con, period) if has_table(con, "audit.files") else [])
    if loaded:
        dates = {"period_start": start, "period_end": end}
        data.grievances_by = con.execute(read_sql("report/grievances_by.sql"), dates).fetchall()
        data.amounts = {r[0]: (r[1], r[2], r[3]) for r in
                        con.execute(read_sql("report/mediation_amounts.sql"), dates).fetchall()}
    return data


def month_after(end: date) -> date:
    """The same day number a month after `end` (a period end), clamped to that month's last day."""
    _, last = period_bounds(f"{end.year + end.month // 12:04d}-{end.month % 12 + 1:02d}")
    return last

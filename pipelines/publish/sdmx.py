"""indicators.csv in SDMX-CSV 2.0, exactly as the indicator contract shows it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import duckdb

from pipelines.indicators.period import frequency
from pipelines.indicators.rounding import format_value
from pipelines.warehouse import read_sql

HEADER = ("STRUCTURE", "STRUCTURE_ID", "ACTION", "FREQ", "REF_AREA", "TIME_PERIOD", "INDICATOR",
          "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS")
STRUCTURE, STRUCTURE_ID, ACTION = "dataflow", "UNION:RIGHTS_IND(1.0)", "I"
# FREQ follows the period: M for a month 2026-10, Q for a quarter 2026-Q3, A for a year 2026 (TIME_PERIOD as written).
# LF endings: the file is byte-identical on every platform, so its SHA-256 is too.
LINE_END = "\n"


@dataclass(frozen=True)
class Observation:
    """One published row: the value already rounded for its unit ('' when missing)."""

    ref_area: str
    indicator: str
    value: str
    unit_measure: str
    status: str


def observations(con: duckdb.DuckDBPyConnection, period: str) -> list[Observation]:
    """The period's observations from marts.indicators, rounded, sorted by REF_AREA then INDICATOR."""
    rows = con.execute(read_sql("publish/indicator_rows.sql"), {"period": period}).fetchall()
    obs = [Observation(area, code, "" if status == "M" else format_value(value, unit), unit, status)
           for area, code, unit, value, status in rows]
    # Python compares strings by code point, the contract's plain order (no locale collation).
    return sorted(obs, key=lambda o: (o.ref_area, o.indicator))


def render_csv(obs: list[Observation], period: str) -> bytes:
    """The bytes of indicators.csv: UTF-8 without BOM, header first, one observation a line."""
    freq = frequency(period)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow(HEADER)
    writer.writerows((STRUCTURE, STRUCTURE_ID, ACTION, freq, o.ref_area, period, o.indicator, o.value,
                      o.unit_measure, o.status) for o in obs)
    return out.getvalue().encode("utf-8")

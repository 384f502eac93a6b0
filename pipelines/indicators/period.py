"""Reporting periods: a month 'YYYY-MM', a quarter 'YYYY-Qn' or a year 'YYYY', and the dates each stands for."""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_YEAR = re.compile(r"(\d{4})")
# SDMX FREQ code of each kind of period (A: annual).
MONTHLY, QUARTERLY, ANNUAL = "M", "Q", "A"
# Each frequency's period keys, as DuckDB regular expressions (history compares only like with like).
KEY_PATTERNS = {MONTHLY: r"\d{4}-\d{2}", QUARTERLY: r"\d{4}-Q[1-4]", ANNUAL: r"\d{4}"}


class BadPeriod(ValueError):
    """A period that is not a month YYYY-MM, a quarter YYYY-Qn or a year YYYY."""


def _bad(period: str, allowed: str = "YYYY-MM") -> BadPeriod:
    return BadPeriod(f"bad_period: {period!r} is not {allowed}（报告期应写作 年-月，如 2026-10"
                     + ("；季度如 2026-Q3，年度如 2026" if allowed != "YYYY-MM" else "") + "）")


def frequency(period: str) -> str:
    """'M', 'Q' or 'A' (the SDMX FREQ) of a well-formed period; BadPeriod otherwise."""
    period = period or ""
    if (m := _MONTH.fullmatch(period)) and 1 <= int(m.group(2)) <= 12:
        return MONTHLY
    if _QUARTER.fullmatch(period):
        return QUARTERLY
    if _YEAR.fullmatch(period):
        return ANNUAL
    raise _bad(period, "YYYY-MM, YYYY-Qn or YYYY")


def last_month(period: str) -> str:
    """The month that ends the period: '2026-Q3' -> '2026-09', '2026' -> '2026-12', a month itself."""
    freq = frequency(period)
    if freq == MONTHLY:
        return period
    year = int(period[:4])
    return f"{year:04d}-{3 * int(period[-1]) if freq == QUARTERLY else 12:02d}"


def months_of(period: str) -> list[str]:
    """The months 'YYYY-MM' a period covers, in order."""
    end = int(last_month(period)[5:7])
    count = {MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12}[frequency(period)]
    return [f"{period[:4]}-{m:02d}" for m in range(end - count + 1, end + 1)]


def period_bounds(period: str) -> tuple[date, date]:
    """The first day and the last day (E) of a period: a month, a quarter or a year."""
    first, last = months_of(period)[0], last_month(period)
    year, m1, m2 = int(period[:4]), int(first[5:7]), int(last[5:7])
    return date(year, m1, 1), date(year, m2, calendar.monthrange(year, m2)[1])


def month_bounds(period: str) -> tuple[date, date]:
    """The bounds of a calendar month 'YYYY-MM' only (BadPeriod for a quarter or a year)."""
    if not _MONTH.fullmatch(period or "") or frequency(period) != MONTHLY:
        raise _bad(period)
    return period_bounds(period)


def quarter_key(text: str) -> str:
    """A quarter as the option gives it ('2026-Q3', '2026Q3', '2026-q3') written '2026-Q3'; BadPeriod otherwise."""
    m = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", (text or "").strip())
    if not m:
        raise BadPeriod(f"bad_period: {text!r} is not YYYY-Qn（季度应写作 年-Q季，如 2026-Q3）")
    return f"{m.group(1)}-Q{m.group(2)}"


def year_key(text: str) -> str:
    """A year 'YYYY'; BadPeriod otherwise."""
    if not _YEAR.fullmatch((text or "").strip()):
        raise BadPeriod(f"bad_period: {text!r} is not YYYY（年度应写作四位年份，如 2026）")
    return text.strip()


def period_zh(period: str) -> str:
    """'2026年10月', '2026年第三季度' or '2026年度'."""
    freq = frequency(period)
    if freq == MONTHLY:
        return f"{int(period[:4])}年{int(period[5:7])}月"
    if freq == QUARTERLY:
        return f"{int(period[:4])}年第{'一二三四'[int(period[-1]) - 1]}季度"
    return f"{int(period)}年度"


def shifted(period: str, steps: int) -> str:
    """The period `steps` periods of its own kind after (negative: before) `period`."""
    freq, year = frequency(period), int(period[:4])
    if freq == ANNUAL:
        return f"{year + steps:04d}"
    size = 3 if freq == QUARTERLY else 1
    index = year * (12 // size) + (int(period[-1]) if freq == QUARTERLY else int(period[5:7])) - 1 + steps
    year, n = divmod(index, 12 // size)
    return f"{year:04d}-Q{n + 1}" if freq == QUARTERLY else f"{year:04d}-{n + 1:02d}"


def history_params(period: str, depth: int = 12) -> dict[str, str]:
    """The outlier history of a period: the 12 periods of its own kind before it, as SQL parameters."""
    return {"history_from": shifted(period, -depth), "period_pattern": KEY_PATTERNS[frequency(period)]}

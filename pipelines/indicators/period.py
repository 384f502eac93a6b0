"""Reporting periods: 'YYYY-MM' and the dates it stands for."""

from __future__ import annotations

import calendar
import re
from datetime import date

_PERIOD = re.compile(r"(\d{4})-(\d{2})")


class BadPeriod(ValueError):
    """A period that is not a calendar month written YYYY-MM."""


def period_bounds(period: str) -> tuple[date, date]:
    """The first and last day (E) of a period 'YYYY-MM'."""
    match = _PERIOD.fullmatch(period or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise BadPeriod(f"bad_period: {period!r} is not YYYY-MM（报告期应写作 年-月，如 2026-10）")
    year, month = int(match.group(1)), int(match.group(2))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])

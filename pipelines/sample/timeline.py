"""The sample's calendar: monthly batches on the 5th, each reporting the month before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# The default timeline ends with the batch that completes period 2026-10.
LAST_BATCH = date(2026, 11, 5)
MONTHS = 12


def _month_start(d: date, back: int = 0) -> date:
    """The first day of the month `back` months before the month of d."""
    months = d.year * 12 + d.month - 1 - back
    return date(months // 12, months % 12 + 1, 1)


@dataclass(frozen=True)
class Timeline:
    """Batch m (0 = the first, full report) reports period m: the calendar month before its batch date."""

    batches: tuple[date, ...]

    @classmethod
    def ending(cls, last: date = LAST_BATCH, months: int = MONTHS) -> "Timeline":
        """`months` monthly batches, the last on `last` (its day of month is used for every batch)."""
        return cls(tuple(_month_start(last, back).replace(day=last.day) for back in range(months - 1, -1, -1)))

    def __len__(self) -> int:
        return len(self.batches)

    def period_start(self, m: int) -> date:
        """First day of the month batch m reports."""
        return _month_start(self.batches[m], 1)

    def period_end(self, m: int) -> date:
        """Last day of the month batch m reports: the as-of date of its rows."""
        return _month_start(self.batches[m]) - timedelta(days=1)

    @property
    def regions_date(self) -> date:
        """The regions file comes first: the first day of the first batch's month."""
        return _month_start(self.batches[0])

    def stamp(self, m: int) -> str:
        """The YYYYMMDD prefix of batch m's file names."""
        return self.batches[m].strftime("%Y%m%d")

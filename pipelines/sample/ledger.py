"""Monthly case ledgers: each batch reports the month's new cases and the earlier ones closed since.

A case is drawn with its whole life (received, closed later or never); a batch shows each case as it
stood at the period end, so a case reported pending is re-reported in the batch after it closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

import numpy as np
import polars as pl

from pipelines.sample.codes import ID_SPACE

CLOSED_AT = "_closed_at"  # when the case closes (its whole life), as a datetime; null: not in sight
Draw = Callable[[np.random.Generator, int, date, date, pl.DataFrame], pl.DataFrame]
Snapshot = Callable[[pl.DataFrame, datetime], pl.DataFrame]


def end_of_day(d: date) -> datetime:
    """The last second of a day: the as-of moment of a period ending that day."""
    return datetime.combine(d, time(23, 59, 59))


def employers(rng: np.random.Generator, state: pl.DataFrame, n: int) -> pl.DataFrame:
    """n active units in dispute, more often large ones and those without a union: uscc, org_code."""
    active = state.filter(pl.col("status") == "active")
    active = active if active.height else state
    weight = active["employees"].to_numpy() * np.where(active["has_union"].to_numpy(), 1.0, 2.5)
    pick = rng.choice(active.height, n, p=weight / weight.sum())
    return active.select(pl.col("uscc", "org_code").gather(pick))


class People:
    """ID numbers for applicants and complainants: registered members, or people counted down from the
    top of the ID space (never a member's)."""

    def __init__(self, members_so_far: Callable[[], int]):
        self.members_so_far, self.outsiders = members_so_far, 0

    def indices(self, rng: np.random.Generator, n: int, member_share: float = 0.4) -> np.ndarray:
        """Person indices: some members, the rest new outsiders."""
        outsiders = ID_SPACE - 1 - (self.outsiders + np.arange(n))
        self.outsiders += n
        members = rng.integers(0, max(1, self.members_so_far()), n)
        return np.where(rng.random(n) < member_share, members, outsiders)


class Ledger:
    """One source's cases over the months, and what each batch reports of them."""

    def __init__(self, draw: Draw, snapshot: Snapshot, per_month: float):
        self.draw, self.snapshot, self.per_month = draw, snapshot, per_month
        self.open = pl.DataFrame()  # cases not closed by the last period end

    def month(self, rng: np.random.Generator, start: date, end: date, state: pl.DataFrame) -> pl.DataFrame:
        """The batch for the period [start, end]: new cases, then earlier ones that closed in it."""
        # At least one new case, so every monthly file has rows (an empty file is rejected whole).
        new = self.draw(rng, max(1, int(rng.poisson(self.per_month))), start, end, state)
        cutoff = end_of_day(end)
        closing = pl.col(CLOSED_AT).is_not_null() & (pl.col(CLOSED_AT) <= cutoff)
        moved = self.open.filter(closing) if self.open.height else new.clear()
        self.open = pl.concat([self.open.filter(~closing), new.filter(~closing)]) if self.open.height \
            else new.filter(~closing)
        return self.snapshot(pl.concat([new, moved]), cutoff)

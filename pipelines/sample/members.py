"""The member register: a full first register in chunks, then each month's joiners and leavers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np
import polars as pl

from pipelines.sample.county import County
from pipelines.sample.frames import as_dates, days, masked, shuffled
from pipelines.sample.people import people

MEMBERS_AT_SCALE_1 = 25_000
FIRST_REGISTER = 0.97  # of the target: the first register (joiners outnumber leavers later)
VILLAGE_ONLY = 0.12  # registered through their home village, no workplace
HISTORIC_LEFT = 0.03  # first-register rows that already carry a leaving date
LEAVE_P, LATE_LEAVE_P = 0.04, 0.015  # leave during the year: first-register members, later joiners
JOIN_RATE = 0.006  # generic joiners a month, as a share of the first register
FOUNDING_SHARE = (0.3, 0.8)  # of a new union's members who register in its first month
FIRST_JOIN = date(1995, 1, 1)
CHUNK_ROWS = 100_000
LEAVE = "_leave_month"


class Members:
    """Generates the register and its monthly changes; remembers who will leave in which month."""

    def __init__(self, county: County, key: int, scale: float, months: int):
        self.county, self.key, self.months = county, key, months
        self.register_size = max(1, round(MEMBERS_AT_SCALE_1 * FIRST_REGISTER * scale))
        self.next_idx = self.register_size
        self.leavers: dict[int, list[pl.DataFrame]] = {}

    def _place(self, rng: np.random.Generator, state: pl.DataFrame, pos: np.ndarray, idx: np.ndarray,
               lo: np.ndarray, hi: int) -> pl.DataFrame:
        """People at units (state rows `pos`; -1 for village-only), joined in [max(lo, founded), hi]."""
        at_unit = pos >= 0
        rows = state.select(pl.all().gather(np.where(at_unit, pos, 0)))
        founded = rows["union_founded"].cast(pl.Int32).fill_null(0).to_numpy()
        return people(
            rng, self.county, self.key, idx,
            masked(rows["uscc"], at_unit, pl.String),
            np.where(at_unit, rows["unit_type"].to_numpy(), "none"),
            masked(rows["village_code"], at_unit, pl.String),
            np.where(at_unit, np.maximum(founded, lo), lo), np.full(len(pos), hi),
        )

    def _plan_leaving(self, rng: np.random.Generator, frame: pl.DataFrame, p: float, first: int) -> None:
        """Pick who of `frame` leaves in a later month (first .. last batch) and remember them."""
        if first >= self.months:
            return
        leave = rng.random(frame.height) < p
        month = rng.integers(first, self.months, frame.height)
        chosen = frame.filter(pl.Series(leave & frame["left"].is_null().to_numpy())).with_columns(
            pl.Series(LEAVE, month[leave & frame["left"].is_null().to_numpy()]))
        for part in chosen.partition_by(LEAVE, as_dict=True).items():
            self.leavers.setdefault(int(part[0][0]), []).append(part[1])

    def register(self, state: pl.DataFrame, as_of: date) -> Iterator[pl.DataFrame]:
        """The first, full register in chunks; units' shares follow their reported members."""
        rng = np.random.default_rng([self.key, 3, 0])
        unions = np.flatnonzero((state["has_union"] & (state["status"] == "active")).to_numpy())
        weights = state["members"].to_numpy()[unions].astype(float)
        at_units = round(self.register_size * (1 - VILLAGE_ONLY)) if len(unions) else 0
        bounds = np.cumsum(rng.multinomial(at_units, weights / weights.sum())) if at_units else np.zeros(1)
        for start in range(0, self.register_size, CHUNK_ROWS):
            crng = np.random.default_rng([self.key, 3, 0, start])
            idx = np.arange(start, min(start + CHUNK_ROWS, self.register_size))
            at = np.searchsorted(bounds, np.clip(idx, 0, max(at_units - 1, 0)), "right")
            pos = np.where(idx < at_units, unions[np.minimum(at, max(len(unions) - 1, 0))] if len(unions) else -1, -1)
            frame = self._place(crng, state, pos, idx, np.full(len(idx), days(FIRST_JOIN)), days(as_of))
            joined = frame["joined"].cast(pl.Int32).to_numpy()
            gone = crng.random(len(idx)) < HISTORIC_LEFT
            left = joined + np.floor(crng.random(len(idx)) * (days(as_of) - joined + 1)).astype(np.int64)
            frame = frame.with_columns(masked(as_dates(left), gone, pl.Date).alias("left"))
            self._plan_leaving(crng, frame, LEAVE_P, 1)
            yield frame

    def month(self, m: int, state: pl.DataFrame, founded: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
        """Batch m's rows: the month's joiners (new unions bring many) and leavers, in random order."""
        rng = np.random.default_rng([self.key, 3, m])
        unions = np.flatnonzero((state["has_union"] & (state["status"] == "active")).to_numpy())
        weights = state["members"].to_numpy()[unions].astype(float)
        n = max(1, rng.poisson(JOIN_RATE * self.register_size))
        at_unit = unions[rng.choice(len(unions), n, p=weights / weights.sum())] if len(unions) else np.full(n, -1)
        pos = np.where(rng.random(n) < VILLAGE_ONLY, -1, at_unit)
        burst = np.round(founded["members"].to_numpy() * rng.uniform(*FOUNDING_SHARE, founded.height)).astype(np.int64)
        # The state is sorted by idx and idx counts from 0: a unit's idx is its row.
        pos = np.concatenate([pos, np.repeat(founded["idx"].to_numpy(), burst)])
        idx = np.arange(self.next_idx, self.next_idx + len(pos))
        self.next_idx += len(pos)
        joiners = self._place(rng, state, pos, idx, np.full(len(pos), days(start)), days(end))
        self._plan_leaving(rng, joiners, LATE_LEAVE_P, m + 1)
        leavers = pl.concat(self.leavers.pop(m, []) or [joiners.clear().with_columns(pl.lit(0).alias(LEAVE))])
        left = days(start) + np.floor(rng.random(leavers.height) * (days(end) - days(start) + 1))
        leavers = leavers.drop(LEAVE).with_columns(as_dates(left).alias("left"))
        return shuffled(pl.concat([joiners, leavers]), rng)

"""Realistically bad rows: each kind breaks one rule of the contract (reject or warn), or repeats a row.

Injection marks the rows it touched in `_defect` (the kind) so the writer can report where they
landed; string-level damage (a cell no parser accepts) goes in `_bad_col`/`_bad_text` and replaces
the spelled cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

RATE = 0.005  # share of rows made bad
DEFECT, POS, BAD_COL, BAD_TEXT = "_defect", "_pos", "_bad_col", "_bad_text"
INTERNAL = (DEFECT, POS, BAD_COL, BAD_TEXT)


@dataclass(frozen=True)
class Ctx:
    """What a kind needs to know about the file it damages."""

    county: str
    batch: date
    as_of: date
    rng: np.random.Generator
    key: int


@dataclass(frozen=True)
class Kind:
    """One kind of bad row: what it breaks, what the pipeline must do, and how to make it from good rows."""

    name: str
    effect: str  # reject | warn | duplicate
    column: str | None
    make: Callable[[pl.DataFrame, Ctx], pl.DataFrame]
    eligible: pl.Expr | None = None
    copies: bool = False  # the damage is an extra row (duplicates), the chosen rows stay as they are
    marks_original: bool = False  # the chosen row itself is quarantined too (conflicting duplicates)


def bad_text(rows: pl.DataFrame, column: str, texts: list[str]) -> pl.DataFrame:
    """Rows whose `column` will be written as one of `texts` (a value no parser accepts)."""
    pick = pl.Series(texts).gather(np.arange(rows.height) % len(texts))
    return rows.with_columns(pl.lit(column).alias(BAD_COL), pick.alias(BAD_TEXT))


@dataclass
class Injector:
    """Spreads a source's kinds over its files: kinds not yet seen come first, so each appears early."""

    kinds: list[Kind]
    key: str | None = None  # when set, remember the keys of rows made to be rejected
    seen: set[str] = field(default_factory=set)
    spoiled: set[str] = field(default_factory=set)

    def how_many(self, rows: int, rng: np.random.Generator) -> int:
        """Defects for a file of `rows` rows: about RATE of them, more while kinds are still unseen."""
        n = int(rng.binomial(rows, RATE)) if rows else 0
        unseen = len(self.kinds) - len(self.seen)
        return min(rows, max(n, min(unseen, max(1, rows // 10)))) if unseen and rows else n

    def _slots(self, n: int, rng: np.random.Generator) -> list[str]:
        """The kind of each of n defects: unseen kinds first (in random order), then any."""
        unseen = [k.name for k in self.kinds if k.name not in self.seen]
        order = [unseen[i] for i in rng.permutation(len(unseen))]
        rest = [self.kinds[i].name for i in rng.integers(0, len(self.kinds), max(0, n - len(order)))]
        return (order + rest)[:n]

    def inject(self, frame: pl.DataFrame, ctx: Ctx, n: int) -> pl.DataFrame:
        """The frame with n bad rows made (fewer if no row suits a kind), marked and positioned."""
        frame = frame.with_columns(
            pl.int_range(pl.len()).cast(pl.Float64).alias(POS), pl.lit(None, pl.String).alias(DEFECT),
            pl.lit(None, pl.String).alias(BAD_COL), pl.lit(None, pl.String).alias(BAD_TEXT))
        slots = self._slots(n, ctx.rng)
        by_name = {k.name: k for k in self.kinds}
        taken, replaced = np.zeros(frame.height, dtype=bool), np.zeros(frame.height, dtype=bool)
        extra, changed = [], []
        for name in dict.fromkeys(slots):
            kind = by_name[name]
            ok = frame.select(kind.eligible if kind.eligible is not None else pl.lit(True)).to_series()
            free = np.flatnonzero(ok.fill_null(False).to_numpy() & ~taken)
            if not len(free):
                continue
            rows = np.sort(ctx.rng.choice(free, min(slots.count(name), len(free)), replace=False))
            taken[rows] = True
            chosen = frame[rows]
            if self.key and kind.effect == "reject":
                self.spoiled.update(chosen[self.key].drop_nulls().to_list())
            made = kind.make(chosen, ctx).with_columns(pl.lit(kind.name).alias(DEFECT))
            if kind.copies:
                pos = chosen[POS].to_numpy()
                later = pos + ctx.rng.uniform(0.1, 1.0, len(rows)) * (frame.height - pos)
                extra.append(made.with_columns(pl.Series(POS, later)))
            if not kind.copies or kind.marks_original:
                replaced[rows] = True
                changed.append(chosen.with_columns(pl.lit(kind.name).alias(DEFECT)) if kind.copies else made)
            self.seen.add(kind.name)
        kept = frame.filter(~pl.Series(replaced))
        return pl.concat([kept, *changed, *extra], how="vertical").sort(POS)

"""Damage shared by several sources: unknown organisations and villages, future dates, empty cells, copies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import numpy as np
import polars as pl

from pipelines.sample.codes import id_numbers_ymd, spoil_check
from pipelines.sample.defects import Ctx

Make = Callable[[pl.DataFrame, Ctx], pl.DataFrame]


def copy(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    """The rows again, unchanged (an identical in-file duplicate)."""
    return rows


def unknown_org(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    """An org code that is neither a township nor a system of the county."""
    codes = [f"{ctx.county}199", f"{ctx.county}S99", f"{ctx.county}150"]
    return rows.with_columns(pl.Series("org_code", [codes[i % 3] for i in range(rows.height)], dtype=pl.String))


def unknown_village(column: str) -> Make:
    """A 12-digit village code that no region has (real village numbers run from 201)."""
    def _make(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
        nums = ctx.rng.integers(0, 100, rows.height)
        return rows.with_columns(pl.Series(column, [f"{ctx.county}1009{k:02d}" for k in nums], dtype=pl.String))
    return _make


def future(column: str) -> Make:
    """The column set 1-40 days after the batch date (a date, or a datetime at a random time of day)."""
    def _make(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
        ahead = [ctx.batch + timedelta(days=int(k)) for k in ctx.rng.integers(1, 41, rows.height)]
        if rows.schema[column] == pl.Date:
            return rows.with_columns(pl.Series(column, ahead, dtype=pl.Date))
        moments = [datetime.combine(d, time(int(h), int(m))) for d, h, m in
                   zip(ahead, ctx.rng.integers(8, 18, rows.height), ctx.rng.integers(1, 60, rows.height))]
        return rows.with_columns(pl.Series(column, moments, dtype=rows.schema[column]))
    return _make


def null_one_of(*columns: str) -> Make:
    """One of the (required) columns left empty in each row."""
    def _make(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
        which = ctx.rng.integers(0, len(columns), rows.height)
        return rows.with_columns(
            pl.when(pl.Series(which == i)).then(pl.lit(None, rows.schema[c])).otherwise(pl.col(c)).alias(c)
            for i, c in enumerate(columns))
    return _make


def spoiled_ids(ids: pl.Series, ctx: Ctx) -> pl.Series:
    """Invalid ID numbers: mostly a wrong check character, some an impossible birth date (check computed)."""
    n = ids.len()
    wrong = spoil_check(ids, "0123456789X", ctx.rng.integers(1, 11, n))
    year = ids.str.slice(6, 4).cast(pl.Int64).to_numpy()
    order = ids.str.slice(14, 3).cast(pl.Int64).to_numpy()
    month, day = np.where(ctx.rng.random(n) < 0.5, 2, 13), np.full(n, 30)
    impossible = id_numbers_ymd(ctx.county, year, month, day, order)
    return pl.select(pl.when(pl.Series(ctx.rng.random(n) < 0.7)).then(wrong).otherwise(impossible)).to_series()

"""A month in the life of the units: some found a union, some close, some change size, new ones open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from pipelines.sample.county import County
from pipelines.sample.frames import as_dates, days
from pipelines.sample.units import TYPES, draw_units

FOUND_P = (0.025, 0.004)  # per month: units of >= 25 employees without a union, and smaller ones
CLOSE_P = (0.001, 0.006)  # per month: larger and smaller active units
RESIZE_P = 0.03
NEW_UNITS_P = 0.004  # new units a month, as a share of the first report
NEW_TYPES_P = [0.85, 0.05, 0.0, 0.10, 0.0]


@dataclass(frozen=True)
class UnitMonth:
    """What one monthly update reports, and the units' state after it."""

    changed: pl.DataFrame  # the update file's units (changed and new), as of the period end
    founded: pl.DataFrame  # units that founded a union this month (for the joiners they bring)
    state: pl.DataFrame  # every unit's latest version


def month_of_units(state: pl.DataFrame, county: County, n_first: int, key: int, m: int,
                   start: date, end: date) -> UnitMonth:
    """The units' changes in the month [start, end] (batch m), reported as of `end`."""
    rng = np.random.default_rng([key, 2, m])
    n = state.height
    active = (state["status"] == "active").to_numpy()
    big = (state["employees"] >= 25).to_numpy()
    union = state["has_union"].to_numpy()
    u = rng.random(n)
    found = active & ~union & (u < np.where(big, *FOUND_P))
    close = active & ~found & (rng.random(n) < np.where(big, *CLOSE_P))
    resize = active & ~found & ~close & (rng.random(n) < RESIZE_P)
    if not (found | close | resize).any() and active.any():  # every monthly file has rows
        resize[rng.choice(np.flatnonzero(active))] = True
    day = days(start) + np.floor(rng.random(n) * (days(end) - days(start) + 1)).astype(np.int64)
    ratio = rng.uniform(0.85, 1.15, n)
    employees = state["employees"].to_numpy()
    new_employees = np.where(resize, np.maximum(1, np.round(employees * ratio)), employees).astype(np.int64)
    share = rng.uniform(0.5, 0.9, n)
    changed = state.with_columns(
        pl.Series("employees", new_employees),
        pl.Series("migrant_employees", np.minimum(
            new_employees, np.round(state["migrant_employees"].to_numpy() * np.where(resize, ratio, 1.0)))
        ).cast(pl.Int64),
        pl.when(pl.Series(found)).then(True).otherwise(pl.col("has_union")).alias("has_union"),
        pl.when(pl.Series(found)).then(as_dates(day))
        .otherwise(pl.col("union_founded")).alias("union_founded"),
        pl.when(pl.Series(found)).then(pl.Series(np.maximum(1, np.round(employees * share)).astype(np.int64)))
        .when(pl.Series(resize) & pl.col("has_union"))
        .then(pl.Series(np.maximum(1, np.round(state["members"].to_numpy() * ratio)).astype(np.int64)))
        .otherwise(pl.col("members")).alias("members"),
        pl.when(pl.Series(close)).then(pl.lit("closed")).otherwise(pl.col("status")).alias("status"),
        pl.lit(end).alias("report_date"),
    ).filter(pl.Series(found | close | resize))
    n_new = rng.poisson(NEW_UNITS_P * n_first)
    types = np.array(TYPES)[rng.choice(len(TYPES), n_new, p=NEW_TYPES_P)]
    new = draw_units(rng, county, types, n, key, end, founded_from=start)
    # New units are small; a union, if any, was founded this month.
    new = new.with_columns((pl.col("employees") // 4 + 1).alias("employees")).with_columns(
        pl.min_horizontal("migrant_employees", "employees").alias("migrant_employees"),
        pl.min_horizontal("members", "employees").alias("members"),
    )
    update = pl.concat([changed, new])
    state = pl.concat([state.filter(~pl.Series(found | close | resize)), update]).sort("idx")
    return UnitMonth(update.sort("idx"), changed.filter(pl.Series(found[found | close | resize])), state)

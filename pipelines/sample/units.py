"""Workplaces (units): a realistic mix of types and sizes, most larger ones with a union.

A unit is a row of the units table as of one report date; `idx` (not written to files) is its
stable index, from which its credit code is derived.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from pipelines.sample import codes, names
from pipelines.sample.county import County
from pipelines.sample.frames import as_dates, days, per_value, text

UNITS_AT_SCALE_1 = 1200
TYPES = ["enterprise", "institution", "government", "social_org", "village"]
PREFIX = {"enterprise": "91", "institution": "12", "government": "11", "social_org": "52", "village": "54"}
VILLAGE_SHARE = 0.17
TYPE_SHARES = [0.72, 0.12, 0.07, 0.09]  # of the units that are not village committees
# Log-normal size per type: median employees and spread.
SIZE = {"enterprise": (40, 0.95), "institution": (50, 0.8), "government": (34, 0.55), "social_org": (12, 0.8),
        "village": (30, 0.6)}
SYSTEM_SHARE = {"enterprise": 0.12, "institution": 0.65, "government": 0.55, "social_org": 0.3, "village": 0.0}
# Probability of a union for units of >= 25 employees and for smaller ones.
UNION_P = {"enterprise": (0.80, 0.25), "institution": (0.95, 0.6), "government": (0.97, 0.8),
           "social_org": (0.7, 0.15), "village": (0.85, 0.55)}
MIGRANT_P = {"enterprise": (1.5, 2.5), "village": (4.0, 1.5), "social_org": (1.0, 8.0)}  # beta share
FIRST_UNION = date(1995, 1, 1)
SCHEMA = {"idx": pl.Int64, "uscc": pl.String, "name": pl.String, "org_code": pl.String, "unit_type": pl.String,
          "village_code": pl.String, "employees": pl.Int64, "migrant_employees": pl.Int64,
          "has_union": pl.Boolean, "union_founded": pl.Date, "members": pl.Int64, "report_date": pl.Date,
          "status": pl.String}


def _orgs(rng: np.random.Generator, county: County, types: np.ndarray) -> np.ndarray:
    """Township (by size) or system for each unit, by how often its type sits under a system."""
    n = len(types)
    tw = county.townships["weight"].to_numpy()
    township = county.townships["code"].to_numpy()[rng.choice(len(tw), n, p=tw / tw.sum())]
    system = county.systems["code"].to_numpy()[rng.integers(0, county.systems.height, n)]
    in_system = rng.random(n) < per_value(types, SYSTEM_SHARE).astype(float)
    return np.where(in_system, system, township)


def _villages_in(rng: np.random.Generator, county: County, orgs: np.ndarray) -> np.ndarray:
    """A random village of each unit's township (None for units under a system)."""
    v = county.villages.sort("township", "code")
    starts = v.with_row_index().group_by("township").agg(pl.col("index").min().alias("s"), pl.len().alias("n"))
    lookup = dict(zip(starts["township"].to_list(), zip(starts["s"].to_list(), starts["n"].to_list())))
    s = per_value(orgs, {t: v[0] for t, v in lookup.items()}, 0).astype(np.int64)
    k = per_value(orgs, {t: v[1] for t, v in lookup.items()}, 0).astype(np.int64)
    pick = s + np.floor(rng.random(len(orgs)) * np.maximum(k, 1)).astype(np.int64)
    return np.where(k > 0, v["code"].to_numpy()[pick], None)


def draw_units(rng: np.random.Generator, county: County, types: np.ndarray, first_idx: int, key: int,
               as_of: date, founded_from: date = FIRST_UNION) -> pl.DataFrame:
    """Units of the given types, reported as of `as_of`; unions founded between `founded_from` and then."""
    n = len(types)
    idx = np.arange(first_idx, first_idx + n)
    village_units = types == "village"
    perm = np.random.default_rng([key, 9]).permutation(county.villages.height)
    home = county.villages.select(pl.all().gather(perm[idx % county.villages.height]))
    orgs = np.where(village_units, home["township"].to_numpy(), _orgs(rng, county, types))
    village = np.where(village_units, home["code"].to_numpy(),
                       np.where(rng.random(n) < 0.3, _villages_in(rng, county, orgs), None))
    place = per_value(orgs, dict(zip(county.townships["code"], county.townships["name"])), county.name)
    place = text(np.where(village_units, home["name"].to_numpy(), place))
    median = per_value(types, {t: v[0] for t, v in SIZE.items()}).astype(float)
    sigma = per_value(types, {t: v[1] for t, v in SIZE.items()}).astype(float)
    employees = np.clip(np.round(median * np.exp(sigma * rng.standard_normal(n))), 1, 6000).astype(np.int64)
    a = per_value(types, {t: v[0] for t, v in MIGRANT_P.items()}, 1.0).astype(float)
    b = per_value(types, {t: v[1] for t, v in MIGRANT_P.items()}, 1.0).astype(float)
    has_migrants = np.isin(types, list(MIGRANT_P))
    migrants = np.where(has_migrants, rng.binomial(employees, rng.beta(a, b)), 0)
    p_union = np.where(employees >= 25, per_value(types, {t: v[0] for t, v in UNION_P.items()}),
                       per_value(types, {t: v[1] for t, v in UNION_P.items()})).astype(float)
    union = rng.random(n) < p_union
    lo, hi = days(founded_from), days(as_of)
    founded = np.where(union, lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64), 0)
    members = np.where(union, np.maximum(1, np.round(employees * rng.uniform(0.55, 0.98, n))), 0).astype(np.int64)
    return pl.DataFrame({
        "idx": idx, "uscc": codes.usccs(per_value(types, PREFIX), county.code, idx, key),
        "name": names.unit_names(rng, types, place, county.name), "org_code": text(orgs), "unit_type": text(types),
        "village_code": text(village), "employees": employees, "migrant_employees": migrants, "has_union": union,
        "union_founded": as_dates(founded), "members": members,
        "report_date": [as_of] * n, "status": ["active"] * n,
    }, schema_overrides=SCHEMA).with_columns(
        pl.when(pl.col("has_union")).then(pl.col("union_founded")).alias("union_founded"))


def initial_units(county: County, n: int, key: int, as_of: date) -> pl.DataFrame:
    """The full first report: n units (about a sixth village committees), a few already closed."""
    rng = np.random.default_rng([key, 2, 0])
    n_village = round(n * VILLAGE_SHARE)
    others = np.array(TYPES[:4])[rng.choice(4, n - n_village, p=TYPE_SHARES)]
    types = rng.permutation(np.concatenate([others, np.array(["village"] * n_village)]))
    units = draw_units(rng, county, types, 0, key, as_of)
    closed = rng.random(n) < 0.01
    return units.with_columns(pl.Series("status", np.where(closed, "closed", "active")))

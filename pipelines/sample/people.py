"""Registered members as people: ID number, name, gender, category, home village, join date, card, phone."""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.sample import codes, names
from pipelines.sample.county import County
from pipelines.sample.frames import as_dates, masked

CATEGORIES = ["cadre", "worker", "contract", "migrant", "outside"]
# Category mix by the type of the member's unit ("none": registered through the home village only).
CATEGORY_P = {
    "enterprise": [0.05, 0.50, 0.21, 0.18, 0.06],
    "institution": [0.25, 0.60, 0.15, 0.0, 0.0],
    "government": [0.60, 0.30, 0.10, 0.0, 0.0],
    "social_org": [0.10, 0.55, 0.30, 0.05, 0.0],
    "village": [0.10, 0.20, 0.0, 0.70, 0.0],
    "none": [0.0, 0.0, 0.0, 0.75, 0.25],
}
ADULT_DAYS = 6575  # 18 years
CARD_SHARE, PHONE_SHARE = 0.65, 0.88
SCHEMA = {"id_number": pl.String, "name": pl.String, "gender": pl.String, "category": pl.String,
          "unit_uscc": pl.String, "village_code": pl.String, "joined": pl.Date, "left": pl.Date,
          "card_no": pl.String, "phone": pl.String}


def categories(rng: np.random.Generator, unit_type: np.ndarray) -> pl.Series:
    """Each person's category, drawn by the mix of their unit's type ('none': registered by village only)."""
    types = list(CATEGORY_P)
    thresholds = np.array([np.cumsum(CATEGORY_P[t])[:-1] for t in types])
    at = pl.Series(unit_type, dtype=pl.String).replace_strict(types, list(range(len(types))),
                                                              return_dtype=pl.Int64).to_numpy()
    drawn = (rng.random(len(at))[:, None] >= thresholds[at]).sum(axis=1)
    return pl.Series("category", CATEGORIES, dtype=pl.String).gather(drawn)


def people(rng: np.random.Generator, county: County, key: int, idx: np.ndarray, unit_uscc: pl.Series,
           unit_type: np.ndarray, unit_village: pl.Series, join_lo: np.ndarray, join_hi: np.ndarray) -> pl.DataFrame:
    """One member per person index, registered at a unit (or only a home village when unit_type is 'none').

    The ID number follows from the index alone; the join date lies in [join_lo, join_hi] (days since
    1970) and never before the person turned 18.
    """
    n = len(idx)
    birth, order = codes.id_parts(county.code, idx, key)
    male = order % 2 == 1
    category = categories(rng, unit_type)
    villages = county.villages["code"]
    random_village = villages.gather(rng.integers(0, villages.len(), n))
    from_unit_village = unit_village.is_not_null().to_numpy() & (rng.random(n) < 0.7)
    home = pl.Series(np.where(from_unit_village, unit_village.to_numpy(), random_village.to_numpy()).tolist(),
                     dtype=pl.String)
    p_home = np.where(unit_type == "none", 1.0, np.where(category.is_in(["migrant", "outside"]).to_numpy(), 0.75, 0.15))
    lo = np.maximum(join_lo, birth + ADULT_DAYS)
    hi = np.maximum(join_hi, lo)
    joined = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)
    card = "K" + pl.Series(idx + 1).cast(pl.String).str.zfill(7)
    return pl.DataFrame({
        "id_number": codes.id_numbers_from(county.code, birth, order),
        "name": names.person_names(rng, male),
        "gender": np.where(male, "M", "F"),
        "category": category,
        "unit_uscc": unit_uscc,
        "village_code": masked(home, rng.random(n) < p_home, pl.String),
        "joined": as_dates(joined),
        "left": pl.Series([None] * n, dtype=pl.Date),
        "card_no": masked(card, rng.random(n) < CARD_SHARE, pl.String),
        "phone": masked(codes.mobiles(rng, n), rng.random(n) < PHONE_SHARE, pl.String),
    }, schema_overrides=SCHEMA)

"""Bad rows of the member register."""

from __future__ import annotations

import polars as pl

from pipelines.sample.codes import USCC_ALPHABET, mobiles, spoil_check
from pipelines.sample.defects import Ctx, Kind, bad_text
from pipelines.sample.frames import as_dates
from pipelines.sample.defects.common import copy, future, null_one_of, spoiled_ids, unknown_village


def _left_before_joined(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    joined = rows["joined"].cast(pl.Int32).to_numpy()
    return rows.with_columns(as_dates(joined - ctx.rng.integers(1, 200, rows.height)).alias("left"))


def _bad_phone(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    good = mobiles(ctx.rng, rows.height)
    bad = [p[:10] if i % 3 == 0 else ("0355-" + p[4:11] if i % 3 == 1 else p + "8")
           for i, p in enumerate(good.to_list())]
    return rows.with_columns(pl.Series("phone", bad, dtype=pl.String))


def _conflicting(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    return rows.with_columns(mobiles(ctx.rng, rows.height).alias("phone"))


KINDS = [
    Kind("bad_id_number", "reject", "id_number", lambda r, c: r.with_columns(spoiled_ids(r["id_number"], c))),
    Kind("missing_value", "reject", None, null_one_of("name", "category", "joined")),
    Kind("future_date", "reject", "joined",
         lambda r, c: future("joined")(r, c).with_columns(pl.lit(None, pl.Date).alias("left"))),
    Kind("left_before_joined", "reject", "left", _left_before_joined),
    Kind("no_affiliation", "reject", None, lambda r, c: r.with_columns(
        pl.lit(None, pl.String).alias("unit_uscc"), pl.lit(None, pl.String).alias("village_code"))),
    Kind("bad_uscc", "reject", "unit_uscc", lambda r, c: r.with_columns(spoil_check(
        r["unit_uscc"], USCC_ALPHABET, c.rng.integers(1, 31, r.height))), pl.col("unit_uscc").is_not_null()),
    Kind("unknown_village", "reject", "village_code", unknown_village("village_code")),
    Kind("bad_enum", "reject", "category", lambda r, c: bad_text(r, "category", ["临时工", "退休", "temp"])),
    Kind("bad_date", "reject", "joined",
         lambda r, c: bad_text(r, "joined", ["2019-02-29", "2021/13/01", "2018年6月31日"])),
    Kind("conflicting_duplicate", "reject", "id_number", _conflicting, copies=True, marks_original=True),
    Kind("duplicate", "duplicate", "id_number", copy, copies=True),
    Kind("bad_phone", "warn", "phone", _bad_phone),
    Kind("gender_mismatch", "warn", "gender", lambda r, c: r.with_columns(
        pl.when(pl.col("gender") == "M").then(pl.lit("F")).otherwise(pl.lit("M")).alias("gender"))),
]

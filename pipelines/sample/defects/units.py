"""Bad rows of the units report."""

from __future__ import annotations

import polars as pl

from pipelines.sample.codes import USCC_ALPHABET, spoil_check
from pipelines.sample.defects import Ctx, Kind, bad_text
from pipelines.sample.defects.common import copy, future, null_one_of, unknown_org, unknown_village

UNION = pl.col("has_union")


def _bad_uscc(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    return rows.with_columns(spoil_check(rows["uscc"], USCC_ALPHABET, ctx.rng.integers(1, 31, rows.height)))


def _members_without_union(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    """Reported members but no union: within the employees, so nothing else fires."""
    members = pl.when(pl.col("members") > 0).then(pl.col("members")).otherwise(3)
    return rows.with_columns(pl.lit(False).alias("has_union"), pl.lit(None, pl.Date).alias("union_founded"),
                             pl.min_horizontal(members, pl.col("employees")).alias("members"))


def _conflicting(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    return rows.with_columns(pl.col("employees") + pl.Series(ctx.rng.integers(1, 6, rows.height)))


def _bad_date(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    return bad_text(rows, "union_founded", [f"{ctx.as_of.year - 3}-02-30", f"{ctx.as_of.year - 8}/13/05",
                                            f"{ctx.as_of.year - 5}年2月31日"])


def _bad_integer(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    emp = rows["employees"].cast(pl.String).to_list()
    return bad_text(rows, "employees", [f"{e}人" if i % 2 else f"约{e}" for i, e in enumerate(emp)])


KINDS = [
    Kind("bad_uscc", "reject", "uscc", _bad_uscc),
    Kind("unknown_org", "reject", "org_code", unknown_org),
    Kind("missing_value", "reject", None, null_one_of("name", "employees", "report_date")),
    Kind("members_without_union", "reject", "members", _members_without_union, ~UNION),
    Kind("founded_missing", "reject", "union_founded", lambda r, c: r.with_columns(
        pl.lit(None, pl.Date).alias("union_founded")), UNION),
    Kind("village_missing", "reject", "village_code", lambda r, c: r.with_columns(
        pl.lit(None, pl.String).alias("village_code")), pl.col("unit_type") == "village"),
    Kind("future_date", "reject", "union_founded", future("union_founded"), UNION),
    Kind("bad_date", "reject", "union_founded", _bad_date, UNION),
    Kind("bad_integer", "reject", "employees", _bad_integer),
    Kind("unknown_village", "reject", "village_code", unknown_village("village_code")),
    Kind("conflicting_duplicate", "reject", "uscc", _conflicting, copies=True, marks_original=True),
    Kind("duplicate", "duplicate", "uscc", copy, copies=True),
    Kind("members_exceed_employees", "warn", "members", lambda r, c: r.with_columns(
        (pl.col("employees") + 1 + pl.Series(c.rng.integers(0, 20, r.height))).alias("members")), UNION),
]

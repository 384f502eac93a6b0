"""Bad rows of the mediation and grievance ledgers."""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.sample.codes import USCC_ALPHABET, spoil_check, usccs
from pipelines.sample.defects import Ctx, Kind, bad_text
from pipelines.sample.defects.common import copy, future, null_one_of, spoiled_ids, unknown_org
from pipelines.sample.frames import as_dates, days

PENDING = pl.col("outcome") == "pending"
STRANGER_BASE = 8_000_000  # credit-code indices far above any unit's: valid codes no unit has


def _days_col(rows: pl.DataFrame, column: str) -> np.ndarray:
    return rows[column].cast(pl.Int32).to_numpy().astype(np.int64)


def _closed_before_received(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    closed = _days_col(rows, "received") - ctx.rng.integers(1, 11, rows.height)
    return rows.with_columns(as_dates(closed).alias("closed"))


def _closed_when_pending(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    received = _days_col(rows, "received")
    closed = received + np.floor(ctx.rng.random(rows.height) * (days(ctx.as_of) - received + 1)).astype(np.int64)
    return rows.with_columns(as_dates(closed).alias("closed"))


def _employer_unknown(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    idx = STRANGER_BASE + ctx.rng.integers(0, 500_000, rows.height)
    return rows.with_columns(usccs(np.array(["91"] * rows.height), ctx.county, idx, ctx.key).alias("employer_uscc"))


def _bad_employer(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    return rows.with_columns(spoil_check(rows["employer_uscc"], USCC_ALPHABET, ctx.rng.integers(1, 31, rows.height)))


def _ids(column: str):
    return lambda r, c: r.with_columns(spoiled_ids(r[column], c).alias(column))


MEDIATION_KINDS = [
    Kind("closed_before_received", "reject", "closed", _closed_before_received, ~PENDING),
    Kind("closed_when_pending", "reject", "closed", _closed_when_pending, PENDING),
    Kind("closed_missing", "reject", "closed", lambda r, c: r.with_columns(pl.lit(None, pl.Date).alias("closed")),
         ~PENDING),
    Kind("agreed_without_success", "reject", "amount_agreed", lambda r, c: r.with_columns(
        pl.col("amount_claimed").fill_null(500_000).floordiv(2).alias("amount_agreed")),
         ~PENDING & (pl.col("outcome") != "success")),
    Kind("unknown_org", "reject", "org_code", unknown_org),
    Kind("future_date", "reject", "received", lambda r, c: future("received")(r, c).with_columns(
        pl.lit("pending").alias("outcome"), pl.lit(None, pl.Date).alias("closed"),
        pl.lit(None, pl.Int64).alias("amount_agreed"))),
    Kind("missing_value", "reject", None, null_one_of("dispute_type", "workers")),
    Kind("bad_uscc", "reject", "employer_uscc", _bad_employer, pl.col("employer_uscc").is_not_null()),
    Kind("bad_id_number", "reject", "applicant_id", _ids("applicant_id"), pl.col("applicant_id").is_not_null()),
    Kind("out_of_range", "reject", "workers", lambda r, c: r.with_columns(pl.lit(0, pl.Int64).alias("workers"))),
    Kind("bad_amount", "reject", "amount_claimed",
         lambda r, c: bad_text(r, "amount_claimed", ["5万元", "约3000", "1.2万"])),
    Kind("conflicting_duplicate", "reject", "case_no", lambda r, c: r.with_columns(pl.col("workers") + 1),
         copies=True, marks_original=True),
    Kind("duplicate", "duplicate", "case_no", copy, copies=True),
    Kind("unknown_employer", "warn", "employer_uscc", _employer_unknown),
]


def _responded_before(rows: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    back = pl.Series(ctx.rng.integers(1, 6, rows.height) * 3_600_000_000).cast(pl.Duration("us"))
    return rows.with_columns((pl.col("received_at") - back).alias("responded_at"))


GRIEVANCE_KINDS = [
    Kind("responded_before_received", "reject", "responded_at", _responded_before,
         pl.col("responded_at").is_not_null()),
    Kind("resolved_missing", "reject", "resolved",
         lambda r, c: r.with_columns(pl.lit(None, pl.Boolean).alias("resolved")), pl.col("closed_at").is_not_null()),
    Kind("future_date", "reject", "received_at", lambda r, c: future("received_at")(r, c).with_columns(
        pl.lit(None, pl.Datetime("us")).alias("responded_at"), pl.lit(None, pl.Datetime("us")).alias("closed_at"),
        pl.lit(None, pl.Boolean).alias("resolved"), pl.lit(None, pl.String).alias("satisfaction"))),
    Kind("unknown_org", "reject", "org_code", unknown_org),
    Kind("missing_value", "reject", None, null_one_of("channel", "topic")),
    Kind("bad_datetime", "reject", "received_at", lambda r, c: bad_text(
        r, "received_at", r["received_at"].dt.strftime("%Y-%m-%d").to_list())),
    Kind("bad_id_number", "reject", "complainant_id", _ids("complainant_id"), pl.col("complainant_id").is_not_null()),
    Kind("bad_enum", "reject", "channel", lambda r, c: bad_text(r, "channel", ["微信", "电话", "wechat"])),
    Kind("bad_boolean", "reject", "resolved", lambda r, c: bad_text(r, "resolved", ["已解决", "部分解决"]),
         pl.col("closed_at").is_not_null()),
    Kind("conflicting_duplicate", "reject", "ticket_no", lambda r, c: r.with_columns(
        pl.when(pl.col("topic") == "wages").then(pl.lit("other")).otherwise(pl.lit("wages")).alias("topic")),
         copies=True, marks_original=True),
    Kind("duplicate", "duplicate", "ticket_no", copy, copies=True),
]

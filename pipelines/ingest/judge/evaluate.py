"""Judging rows: typed values, the rules each row breaks, and its duplicate key.

`judge` works on one chunk and needs nothing from the others; only the in-file duplicate rule needs
the whole file, and is settled once every chunk is in (write/stream.py). `evaluate` does both for a file
held in memory (the regions file, which is judged whole before anything is written).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.ingest.judge.duplicates import duplicate_flags, key, signature
from pipelines.ingest.judge.rules import References, all_rules
from pipelines.ingest.judge.typed import typed_frame
from pipelines.ingest.read.sheet import ROW
from pipelines.ingest.specs import Source

REASON_SCHEMA = {ROW: pl.Int64, "column_name": pl.String, "reason_code": pl.String, "severity": pl.String}


@dataclass
class Judged:
    """One chunk judged row by row: typed values, key, and every rule broken."""

    rows: pl.DataFrame  # __row, t_*, v_*, k, rejected (breaks a reject rule)
    hits: pl.DataFrame  # __row, column_name, reason_code, severity: every rule each row breaks


@dataclass
class Evaluated:
    """A whole file's rows judged: typed values plus the row's fate, and one row per reason found."""

    rows: pl.DataFrame  # __row, t_*, v_*, duplicate, quarantined
    reasons: pl.DataFrame  # __row, column_name, reason_code, severity (rejects of quarantined rows, warns of loaded)


def judge(frame: pl.DataFrame, source: Source, batch_date: dt.date, refs: References) -> Judged:
    """Every rule of the standard applied to every row of one chunk, in bulk."""
    typed = typed_frame(frame, source)
    rules = all_rules(source, batch_date, refs)
    names = [f"r{i}" for i in range(len(rules))]
    flags = typed.with_columns(*[broken.fill_null(False).alias(n) for n, (*_, broken) in zip(names, rules)],
                               key(source))
    rejects = [n for n, r in zip(names, rules) if r[2] == "reject"]
    rejected = pl.any_horizontal(rejects) if rejects else pl.lit(False)
    rows = flags.with_columns(rejected.alias("rejected"))
    return Judged(rows.drop(names), _hits(flags.select(ROW, *names), rules))


def _hits(flags: pl.DataFrame, rules: list[tuple]) -> pl.DataFrame:
    """One row per (row, rule broken)."""
    names = [c for c in flags.columns if c != ROW]
    hit = flags.filter(pl.any_horizontal(names)) if names else flags.clear()
    if hit.height == 0:
        return pl.DataFrame(schema=REASON_SCHEMA)
    rule_table = pl.DataFrame({"rule": names, "reason_code": [r[0] for r in rules],
                               "column_name": [r[1] for r in rules], "severity": [r[2] for r in rules]})
    return (hit.unpivot(index=ROW, on=names, variable_name="rule", value_name="broken")
            .filter(pl.col("broken")).join(rule_table, on="rule").select(list(REASON_SCHEMA)))


def evaluate(frame: pl.DataFrame, source: Source, batch_date: dt.date, refs: References) -> Evaluated:
    """A whole file judged at once, in-file duplicates included."""
    judged = judge(frame, source, batch_date, refs)
    flags = duplicate_flags(judged.rows.select(ROW, "k", signature(source)))
    rows = judged.rows.join(flags, on=ROW, maintain_order="left")
    fates = rows.select(ROW, "duplicate", ((pl.col("rejected") | pl.col("conflict")) & ~pl.col("duplicate"))
                        .alias("quarantined"))
    conflicts = rows.filter(pl.col("conflict")).select(
        ROW, pl.lit(source.key).alias("column_name"), pl.lit("conflicting_duplicate").alias("reason_code"),
        pl.lit("reject").alias("severity"))
    reasons = pl.concat([judged.hits, conflicts]).join(fates, on=ROW)
    # A quarantined row reports its rejects; a loaded row its warnings; a duplicate copy nothing.
    keep = ~pl.col("duplicate") & (pl.col("quarantined") == (pl.col("severity") == "reject"))
    reasons = reasons.filter(keep).select(list(REASON_SCHEMA)).sort(ROW, "column_name")
    return Evaluated(rows.drop("conflict", "duplicate").join(fates, on=ROW, maintain_order="left"), reasons)

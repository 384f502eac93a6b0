"""Judging every row of a file at once: typed values, duplicates, and the long table of reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.ingest.duplicates import duplicate_flags
from pipelines.ingest.rules import References, all_rules
from pipelines.ingest.sheet import ROW
from pipelines.ingest.specs import Source
from pipelines.ingest.typed import typed_frame

REASON_SCHEMA = {ROW: pl.Int64, "column_name": pl.String, "reason_code": pl.String, "severity": pl.String}


@dataclass
class Evaluated:
    """A file's rows judged: typed values plus the row's fate, and one row per reason found."""

    rows: pl.DataFrame  # __row, t_*, v_*, duplicate, quarantined
    reasons: pl.DataFrame  # __row, column_name, reason_code, severity (rejects of quarantined rows, warns of loaded)

    def count(self, fate: str) -> int:
        """How many rows are `loaded`, `duplicate` or `quarantined`."""
        if fate == "loaded":
            return int((~self.rows["duplicate"] & ~self.rows["quarantined"]).sum())
        return int(self.rows[fate].sum())


def evaluate(frame: pl.DataFrame, source: Source, batch_date: dt.date, refs: References) -> Evaluated:
    """Every rule of the standard applied to every row of one file, in bulk."""
    typed = typed_frame(frame, source)
    rules = all_rules(source, batch_date, refs)
    flags = typed.select(pl.col(ROW), *[broken.fill_null(False).alias(f"r{i}") for i, (*_, broken) in enumerate(rules)])
    flags = flags.join(duplicate_flags(typed, source), on=ROW, how="left")
    rule_table = pl.DataFrame(
        {"rule": [f"r{i}" for i in range(len(rules))], "reason_code": [r[0] for r in rules],
         "column_name": [r[1] for r in rules], "severity": [r[2] for r in rules]}
    ).vstack(pl.DataFrame({"rule": ["conflict"], "reason_code": ["conflicting_duplicate"],
                           "column_name": [source.key], "severity": ["reject"]}))
    reject_cols = [f"r{i}" for i, r in enumerate(rules) if r[2] == "reject"] + ["conflict"]
    fates = flags.select(
        pl.col(ROW), pl.col("duplicate"),
        (pl.any_horizontal(reject_cols) & ~pl.col("duplicate")).alias("quarantined"),
    )
    reasons = _reasons(flags.join(fates.drop("duplicate"), on=ROW), rule_table)
    return Evaluated(typed.join(fates, on=ROW), reasons)


def _reasons(flags: pl.DataFrame, rule_table: pl.DataFrame) -> pl.DataFrame:
    """One row per broken rule: rejects of quarantined rows and warnings of loaded rows."""
    rule_cols = [c for c in flags.columns if c.startswith("r") and c[1:].isdigit()] + ["conflict"]
    hit = flags.filter(~pl.col("duplicate") & pl.any_horizontal(rule_cols))
    if hit.height == 0:
        return pl.DataFrame(schema=REASON_SCHEMA)
    long = (
        hit.unpivot(index=[ROW, "quarantined"], on=rule_cols, variable_name="rule", value_name="broken")
        .filter(pl.col("broken"))
        .join(rule_table, on="rule")
    )
    # A quarantined row reports its rejects; a loaded row reports its warnings.
    keep = pl.when(pl.col("quarantined")).then(pl.col("severity") == "reject").otherwise(pl.col("severity") == "warn")
    return long.filter(keep).select(list(REASON_SCHEMA)).sort(ROW, "column_name")

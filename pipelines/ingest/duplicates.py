"""In-file duplicates: identical rows (after parsing) collapse to one; differing rows under one key conflict."""

from __future__ import annotations

import polars as pl

from pipelines.ingest.sheet import ROW
from pipelines.ingest.specs import Source


def _comparable(name: str) -> pl.Expr:
    """The value a column is compared by: the parsed value, or the text when it did not parse."""
    typed, text = pl.col("v_" + name), pl.col("t_" + name)
    return pl.when(typed.is_null() & text.is_not_null()).then(pl.lit("!") + text).otherwise(typed.cast(pl.String))


def duplicate_flags(typed: pl.DataFrame, source: Source) -> pl.DataFrame:
    """Per row: `conflict` (its key has differing rows) and `duplicate` (a later copy of an identical row)."""
    key = pl.coalesce(pl.col("v_" + source.key).cast(pl.String), pl.col("t_" + source.key).str.to_uppercase())
    signature = pl.concat_str([_comparable(c.name).fill_null("\x00") for c in source.columns], separator="\x1f").hash()
    flags = typed.select(pl.col(ROW), key.alias("k"), signature.alias("sig"))
    keyed = pl.col("k").is_not_null()
    return flags.select(
        pl.col(ROW),
        (keyed & (pl.col("sig").n_unique().over("k") > 1)).alias("conflict"),
        (keyed & (pl.col("sig").n_unique().over("k") == 1) & (pl.col(ROW).rank("ordinal").over("k") > 1)).alias("duplicate"),
    )

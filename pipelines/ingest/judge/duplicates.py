"""In-file duplicates: identical rows (after parsing) collapse to one; differing rows under one key conflict.

Each row has a key `k`; rows whose key repeats in the file (found first by `folded_keys`, from the key
column alone) also get a signature `sig`, a hash of their parsed values. The decision needs every
row of a key, so it is taken once they are all in: `duplicate_flags` for rows held in memory,
sql/ingest/fates.sql for a file streamed through the warehouse.
"""

from __future__ import annotations

import polars as pl

from pipelines.ingest.judge.parse import cleaned, nfkc_stable
from pipelines.ingest.read.sheet import ROW
from pipelines.ingest.specs import Source


def _comparable(name: str) -> pl.Expr:
    """The value a column is compared by: the parsed value, or the text when it did not parse."""
    typed, text = pl.col("v_" + name), pl.col("t_" + name)
    return pl.when(typed.is_null() & text.is_not_null()).then(pl.lit("!") + text).otherwise(typed.cast(pl.String))


def key(source: Source) -> pl.Expr:
    """`k`: the row's key, parsed, else its text upper-cased (null when the key cell is empty)."""
    parsed, text = pl.col("v_" + source.key).cast(pl.String), pl.col("t_" + source.key).str.to_uppercase()
    return pl.coalesce(parsed, text).alias("k")


def signature(source: Source) -> pl.Expr:
    """`sig`: a hash of every value a row is compared by (identical rows have the same signature)."""
    compared = [_comparable(c.name).fill_null("\x00") for c in source.columns]
    return pl.concat_str(compared, separator="\x1f").hash().alias("sig")


def duplicate_flags(keys: pl.DataFrame) -> pl.DataFrame:
    """Per row of (`__row`, k, sig): `conflict` (its key has differing rows), `duplicate` (a later identical copy)."""
    keyed = pl.col("k").is_not_null()
    versions = pl.col("sig").n_unique().over("k")
    return keys.select(
        pl.col(ROW),
        (keyed & (versions > 1)).alias("conflict"),
        (keyed & (versions == 1) & (pl.col(ROW).rank("ordinal").over("k") > 1)).alias("duplicate"),
    )


def folded_keys(text: pl.Series) -> pl.Series:
    """Hashes of the keys' cleaned, upper-cased text (nulls dropped).

    A row's key is its cleaned text, upper-cased when parsed (see `key`), so rows with one key
    share this hash: matching it finds every repeat, at the cost of a few rows held back for nothing
    (keys that differ only in case, hash collisions).
    """
    keys = text.to_frame("t").select(cleaned("t", nfkc_stable(text)).alias("t")).drop_nulls()
    return keys.select(folded(pl.col("t"))).to_series()


def folded(text: pl.Expr) -> pl.Expr:
    """The hash a key's cleaned text is matched by across the two passes."""
    return text.str.to_uppercase().hash()

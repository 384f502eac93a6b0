"""Personal data past the raw layer: a keyed hash (HMAC-SHA256) and a mask.

The key never enters the warehouse: the hash is computed in Python before rows reach DuckDB (with
the HMAC pads absorbed once, which makes it about twice as fast as DuckDB's own sha256, and it runs
beside the inserts instead of inside them). Masks are computed beside it too (`mask_expr`), so clear
values never reach DuckDB past the raw layer; `mask_sql` masks the warnings' cells, which are in the
warehouse already, and gives the same text (tests/test_privacy.py).
"""

from __future__ import annotations

import hashlib

import polars as pl

from pipelines.ingest.specs import Column

BLOCK = 64  # SHA-256 block size, per RFC 2104


def _pad_states(key: bytes) -> tuple:
    """SHA-256 states that have absorbed the inner and the outer HMAC pad of `key` (RFC 2104)."""
    if len(key) > BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK, b"\x00")
    return hashlib.sha256(bytes(b ^ 0x36 for b in key)), hashlib.sha256(bytes(b ^ 0x5C for b in key))


def keyed_hashes(values: pl.Series, key: bytes) -> pl.Series:
    """HMAC-SHA256(key, value) as lowercase hex for every value of a text column (null stays null)."""
    inner_state, outer_state = _pad_states(key)
    inner_copy, outer_copy = inner_state.copy, outer_state.copy

    def one(value: str) -> str:
        inner = inner_copy()
        inner.update(value.encode("utf-8"))
        outer = outer_copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    return pl.Series(values.name, [None if v is None else one(v) for v in values.to_list()], dtype=pl.String)


def mask_expr(kind: str, value: pl.Expr) -> pl.Expr:
    """The same masks as `mask_sql`, as a Polars expression (null stays null)."""
    if kind == "id":
        return pl.concat_str([value.str.slice(0, 6), pl.lit("********"), value.str.slice(-4)])
    if kind == "name":
        stars = pl.max_horizontal(value.str.len_chars() - 1, pl.lit(1, pl.UInt32))
        return pl.concat_str([value.str.slice(0, 1), pl.lit("").str.pad_end(stars, "*")])
    return (pl.when(value.str.len_chars() < 8).then(pl.lit("****"))
            .otherwise(pl.concat_str([value.str.slice(0, 3), pl.lit("****"), value.str.slice(-4)])))


def mask_sql(kind: str, value_sql: str) -> str:
    """SQL that masks one personal value for display: ID 140431********123X, name 张*, phone 138****5678."""
    v = value_sql
    if kind == "id":
        return f"CASE WHEN {v} IS NULL THEN NULL ELSE left({v}, 6) || '********' || right({v}, 4) END"
    if kind == "name":
        return f"CASE WHEN {v} IS NULL THEN NULL ELSE left({v}, 1) || repeat('*', greatest(length({v}) - 1, 1)) END"
    return (f"CASE WHEN {v} IS NULL THEN NULL WHEN length({v}) < 8 THEN '****' "
            f"ELSE left({v}, 3) || '****' || right({v}, 4) END")


def personal_columns(col: Column) -> list[str]:
    """The columns that stand for a personal column past raw: its hash and/or its mask."""
    return [name for name in (col.key_as, col.mask_as) if name]


"""Personal data past the raw layer: a keyed hash (HMAC-SHA256) and a mask.

The stored key is the HMAC's first 128 bits as a UHUGEINT: collisions stay out of reach (about 1e-23
for a hundred million people), and it takes 16 fixed bytes instead of 64 characters of hex, in the
warehouse, the analysts' copy and every join and check on it. The HMAC key never enters the warehouse:
the hash is computed in Python before rows reach DuckDB (with the HMAC pads absorbed once, which makes
it faster than DuckDB's own sha256, and it runs beside the inserts instead of inside them). Masks are
computed beside it too (`mask_expr`), so clear values never reach DuckDB past the raw layer; `mask_sql`
masks the warnings' cells, which are in the warehouse already, and gives the same text
(tests/test_privacy.py).
"""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl

from pipelines.ingest.specs import Column

BLOCK = 64  # SHA-256 block size, per RFC 2104
DIGEST_BYTES = 32  # SHA-256
KEY_BYTES = 16  # the HMAC truncated to 128 bits (RFC 2104 section 5): a UHUGEINT, a quarter of its hex


def _pad_states(key: bytes) -> tuple:
    """SHA-256 states that have absorbed the inner and the outer HMAC pad of `key` (RFC 2104)."""
    if len(key) > BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK, b"\x00")
    return hashlib.sha256(bytes(b ^ 0x36 for b in key)), hashlib.sha256(bytes(b ^ 0x5C for b in key))


def keyed_key_halves(values: pl.Series, key: bytes, name: str) -> list[pl.Series]:
    """The stored key of every value: the first 128 bits of HMAC-SHA256(key, value), as two UInt64
    halves `<name>__hi` and `<name>__lo` that `key_sql` joins into one UHUGEINT (null stays null)."""
    inner_state, outer_state = _pad_states(key)
    inner_copy, outer_copy = inner_state.copy, outer_state.copy
    digests = []
    keep = digests.append
    # One flat loop, no call per value: this loop holds the GIL (hashlib releases it only for long inputs).
    for value in values.drop_nulls().cast(pl.Binary).to_list():
        inner = inner_copy()
        inner.update(value)
        outer = outer_copy()
        outer.update(inner.digest())
        keep(outer.digest())
    words = np.frombuffer(b"".join(digests), dtype=">u8").reshape(-1, DIGEST_BYTES // 8)
    halves = words[:, :KEY_BYTES // 8].astype(np.uint64)
    present, nulls = values.is_not_null().to_numpy(), values.is_null().arg_true()
    out = []
    for i, half in enumerate(("hi", "lo")):
        full = np.zeros(len(values), dtype=np.uint64)
        full[present] = halves[:, i]
        out.append(pl.Series(f"{name}__{half}", full).scatter(nulls, None))
    return out


def key_sql(key_as: str) -> str:
    """SQL joining the two halves of `keyed_key_halves` into the stored key column `key_as` (UHUGEINT)."""
    return f"(({key_as}__hi::UHUGEINT << 64) | {key_as}__lo::UHUGEINT) AS {key_as}"


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
    """What stands for a personal column past raw, as `store_staging` selects it: its key and/or its mask."""
    return ([key_sql(col.key_as)] if col.key_as else []) + ([col.mask_as] if col.mask_as else [])


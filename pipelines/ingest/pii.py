"""Personal data past the raw layer: a keyed hash (HMAC-SHA256, computed in DuckDB) and a mask.

The key never enters the warehouse: it is bound as a statement parameter, not stored in a macro.
"""

from __future__ import annotations

import hashlib

from pipelines.ingest.specs import Column

BLOCK = 64  # SHA-256 block size, per RFC 2104


def hmac_pads(key: bytes) -> tuple[str, str]:
    """The inner and outer HMAC pads of `key`, as hex for binding into SQL."""
    if len(key) > BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK, b"\x00")
    return bytes(b ^ 0x36 for b in key).hex(), bytes(b ^ 0x5C for b in key).hex()


def hmac_sql(value_sql: str) -> str:
    """SQL for HMAC-SHA256(key, value) as hex; binds `$ipad` and `$opad` (see `hmac_pads`)."""
    inner = f"unhex(sha256(unhex($ipad) || encode({value_sql})))"
    return f"CASE WHEN {value_sql} IS NULL THEN NULL ELSE sha256(unhex($opad) || {inner}) END"


def mask_sql(kind: str, value_sql: str) -> str:
    """SQL that masks one personal value for display: ID 140431********123X, name 张*, phone 138****5678."""
    v = value_sql
    if kind == "id":
        return f"CASE WHEN {v} IS NULL THEN NULL ELSE left({v}, 6) || '********' || right({v}, 4) END"
    if kind == "name":
        return f"CASE WHEN {v} IS NULL THEN NULL ELSE left({v}, 1) || repeat('*', greatest(length({v}) - 1, 1)) END"
    return (f"CASE WHEN {v} IS NULL THEN NULL WHEN length({v}) < 8 THEN '****' "
            f"ELSE left({v}, 3) || '****' || right({v}, 4) END")


def personal_select(col: Column, value_sql: str) -> list[str]:
    """The SELECT items that stand for a personal column past raw: its hash and/or its mask."""
    items = []
    if col.key_as:
        items.append(f"{hmac_sql(value_sql)} AS {col.key_as}")
    if col.mask_as:
        items.append(f"{mask_sql(col.personal, value_sql)} AS {col.mask_as}")
    return items

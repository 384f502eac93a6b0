"""The raw and staging tables of each source, declared from its column specs."""

from __future__ import annotations

from pipelines.ingest.specs import Column, Source
from pipelines.warehouse import quoted

SQL_TYPES = {
    "text": "VARCHAR", "code": "VARCHAR", "enum": "VARCHAR", "id_number": "VARCHAR", "uscc": "VARCHAR",
    "date": "DATE", "datetime": "TIMESTAMP", "integer": "BIGINT", "amount": "DOUBLE", "boolean": "BOOLEAN",
}
LINEAGE = ["file_id VARCHAR", "file_name VARCHAR", "batch_date DATE", "row_number INTEGER"]
KEYED_HASH = "UHUGEINT"  # the first 128 bits of the HMAC (judge/pii.py)
CURRENT = "current BOOLEAN"


def staging_columns(col: Column) -> list[tuple[str, str]]:
    """(name, type) of what one column becomes in staging: itself, or its hash and mask."""
    if col.personal:
        return [(c, KEYED_HASH if c == col.key_as else "VARCHAR") for c in (col.key_as, col.mask_as) if c]
    return [(col.name, SQL_TYPES[col.kind])]


def derived_columns(source: Source) -> list[tuple[str, str]]:
    """Columns staging adds that the file does not carry: the birth year inside an ID number (never the
    date: in place of the mask's stars it would give back the whole number)."""
    return [("birth_year", "SMALLINT")] if source.name == "members" else []


def staging_ddl(source: Source) -> str:
    """CREATE TABLE for staging.<source>: lineage, typed columns, personal data as hash + mask, and `current`.

    `current` is the core build's verdict on the row: null until applied, then whether it is in core.
    """
    cols = [f"{quoted(n)} {t}" for c in source.columns for n, t in staging_columns(c)]
    cols += [f"{quoted(n)} {t}" for n, t in derived_columns(source)]
    return f"CREATE TABLE IF NOT EXISTS staging.{source.name} ({', '.join(LINEAGE + cols + [CURRENT])})"


def staging_upgrades(source: Source, types: dict[str, str]) -> list[str]:
    """The ALTER TABLEs bringing a staging table made by an earlier version (`types`: its column types) up to
    date: `current` added; a keyed hash kept as 64 hex characters becomes its first 128 bits, the same value
    a load computes now; a birth date (which rebuilds the ID number with the mask) becomes its year."""
    table = f"staging.{source.name}"
    alters = [] if "current" in types else [f"ALTER TABLE {table} ADD COLUMN {CURRENT}"]
    if "birth_date" in types:
        alters += [f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS birth_year SMALLINT",
                   f"UPDATE {table} SET birth_year = year(birth_date)",
                   f"ALTER TABLE {table} DROP COLUMN birth_date"]
    for c in source.columns:
        if c.key_as and types.get(c.key_as) == "VARCHAR":
            alters.append(f"ALTER TABLE {table} ALTER {c.key_as} SET DATA TYPE {KEYED_HASH} "
                          f"USING ('0x' || left({c.key_as}, 32))::{KEYED_HASH}")
    return alters

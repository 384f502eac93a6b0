"""What rows are checked against, read from the warehouse as it stands before the file loads."""

from __future__ import annotations

import duckdb

from pipelines.ingest.rules import References
from pipelines.warehouse import scalar


def current_references(con: duckdb.DuckDBPyConnection, source: str) -> References:
    """Township/system and village codes of core.regions, and (for mediation) the known units."""
    if not _exists(con, "core", "regions"):
        return References(frozenset(), frozenset())
    rows = con.execute("SELECT code, level FROM core.regions").fetchall()
    orgs = frozenset(c for c, lvl in rows if lvl in ("township", "system"))
    villages = frozenset(c for c, lvl in rows if lvl == "village")
    units: frozenset[str] = frozenset()
    if source == "mediation" and _exists(con, "staging", "units"):
        units = frozenset(r[0] for r in con.execute("SELECT DISTINCT uscc FROM staging.units").fetchall())
    return References(orgs, villages, units)


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return scalar(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
    ) > 0

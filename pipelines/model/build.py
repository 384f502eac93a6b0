"""Building the core tables (what analysts read) from staging, one sql/core/<table>.sql each."""

from __future__ import annotations

import duckdb

from pipelines.ingest.specs import SOURCES
from pipelines.ingest.store import ensure_tables
from pipelines.warehouse import read_sql, scalar


def build_core(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """Rebuild core.<source> inside one transaction; returns its row count."""
    ensure_tables(con, SOURCES[source])
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(read_sql(f"core/{source}.sql"))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return scalar(con, f"SELECT count(*) FROM core.{source}")

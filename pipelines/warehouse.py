"""The DuckDB warehouse: one file, one writer at a time, schemas created from sql/schema/."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb
from filelock import FileLock

from pipelines.paths import SQL_DIR, read_sql  # noqa: F401 - read_sql: most callers reach it through here
from pipelines.settings import env

SCHEMAS = ("raw", "staging", "core", "audit", "marts")


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file, with every schema and audit table in place (writers)."""
    path = Path(path)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), config={"memory_limit": env("UNIONPIPE_DUCKDB_MEMORY")})
    bootstrap(con)
    return con


def bootstrap(con: duckdb.DuckDBPyConnection) -> None:
    """Create the layers' schemas and run every sql/schema/*.sql (all idempotent DDL)."""
    for schema in SCHEMAS:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for script in sorted((SQL_DIR / "schema").glob("*.sql")):
        con.execute(script.read_text(encoding="utf-8"))


def writer_lock(path: str | Path) -> FileLock:
    """The lock every writing run takes, so a second run waits its turn instead of failing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path) + ".lock")


@contextlib.contextmanager
def writing(path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The single writer connection of a run, held under the warehouse lock."""
    with writer_lock(path):
        con = connect(path)
        try:
            yield con
        finally:
            con.close()


def quoted(name: str) -> str:
    """An identifier quoted for SQL: a column called `left` (a keyword), a warehouse file called `2026-wh`."""
    return '"' + name.replace('"', '""') + '"'


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None):
    """The single value a query returns (reads the result to the end, as DuckDB 2.0 requires)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """True when `schema.table` exists (as a table or a view)."""
    return scalar(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
    ) > 0

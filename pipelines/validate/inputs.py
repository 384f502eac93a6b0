"""A check's inputs as one fingerprint: its definition, the SQL as it runs, the values that SQL names, the
state of every table it reads, and the unionpipe version. An unchanged fingerprint means an unchanged
figure, so the gate may carry the check's last result forward instead of measuring it again."""

from __future__ import annotations

import hashlib
import json
import re
from importlib.metadata import PackageNotFoundError, version

import duckdb

from pipelines.ingest.specs import SOURCES
from pipelines.validate.check import Check
from pipelines.validate.figures import source_table
from pipelines.warehouse import table_exists

LAYER_TABLE = re.compile(r"\b(raw|staging|core|marts|audit)\.([a-z_][a-z0-9_]*)", re.IGNORECASE)
# A name read after FROM/JOIN without a schema: a CTE of the query, else something we cannot follow.
BARE_READ = re.compile(r"\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)\b(?!\s*\.)", re.IGNORECASE)
CTE = re.compile(r"\b([a-z_][a-z0-9_]*)\s+AS\s*\(", re.IGNORECASE)
UNKNOWN = "?"  # a read that no recorded state decides
REGISTRY = "audit.files"


def all_inputs(con: duckdb.DuckDBPyConnection, checks: list[Check], params: dict) -> dict[str, dict | None]:
    """Each check's inputs (see `inputs`) by name, every table's state read once."""
    states: dict[str, list | None] = {}
    return {c.name: inputs(con, c, {**params, "source": c.source}, states) for c in checks}


def inputs(con: duckdb.DuckDBPyConnection, check: Check, params: dict,
           states: dict[str, list | None] | None = None) -> dict | None:
    """What decides the check's figure and verdict, or None when it cannot be known."""
    states = {} if states is None else states
    sql, bound = check.query(params, source_table(con, check.batches_of))
    tables = {}
    for table in tables_read(sql):
        # A check of one source reads only that source's rows of the registry (fresh.sql, volume_drop.sql).
        of = check.source if table == REGISTRY else None
        key = f"{table}:{of}" if of else table
        if key not in states:
            states[key] = None if table == UNKNOWN else table_state(con, table, of)
        if states[key] is None:
            return None
        tables[table] = states[key]
    return {"version": unionpipe_version(), "check": repr(check), "sql": sql, "params": bound, "tables": tables}


def digest(value) -> str:
    """sha256 of a JSON-able value, as hex."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def tables_read(sql: str) -> set[str]:
    """The schema-qualified tables a query names (lower case), plus UNKNOWN when it reads anything else."""
    code = re.sub(r"--[^\n]*", "", sql)
    tables = {f"{s}.{t}".lower() for s, t in LAYER_TABLE.findall(code)}
    ctes = {name.lower() for name in CTE.findall(code)}
    if any(name.lower() not in ctes for name in BARE_READ.findall(code)):
        tables.add(UNKNOWN)
    return tables


def table_state(con: duckdb.DuckDBPyConnection, table: str, source: str | None = None) -> list | None:
    """What decides a table's rows; None when nothing recorded does (the check is then always measured).

    raw/staging/core.<source> hold what the loader made of the source's loaded files, as far as the core
    build has applied them; audit.files only ever gains rows (`source`: only that source's rows are read).
    Anything else (marts, quarantine) is not followed.
    """
    schema, name = table.split(".")
    if table == REGISTRY:
        return _rows(con, "SELECT file_id, status FROM audit.files WHERE source = coalesce(?, source) "
                          "ORDER BY processed_at, file_id", [source])
    if schema in ("raw", "staging", "core") and name in SOURCES:
        applied = core_applied(con, name)
        return None if applied is None else [loaded_files(con, name), core_definition(con, name), applied]
    return None


def loaded_files(con: duckdb.DuckDBPyConnection, source: str) -> list:
    """The source's loaded files, in the order they were processed."""
    return _rows(con, "SELECT file_id FROM audit.files WHERE source = ? AND status = 'loaded' "
                      "ORDER BY processed_at, file_id", [source])


def core_applied(con: duckdb.DuckDBPyConnection, source: str) -> list | None:
    """How far the core build has applied staging: regions' current file, else whether rows await it.

    None when core.<source> is not built from staging (no staging table: the loader never made it).
    """
    if not table_exists(con, "staging", source):
        return None
    try:
        if source == "regions":
            return _rows(con, "SELECT DISTINCT file_id FROM core.regions ORDER BY file_id")
        return _rows(con, f"SELECT count(*) FROM (SELECT 1 FROM staging.{source} WHERE current IS NULL LIMIT 1)")
    except duckdb.Error:  # no core.regions yet, or a staging table from before `current`
        return None


def core_definition(con: duckdb.DuckDBPyConnection, source: str) -> list:
    """The DDL core.<source> was last built with (a changed core model or a dropped view shows here)."""
    return _rows(con, "SELECT sql FROM duckdb_views() WHERE database_name = current_database() "
                      "AND schema_name = 'core' AND view_name = $1 UNION ALL "
                      "SELECT sql FROM duckdb_tables() WHERE database_name = current_database() "
                      "AND schema_name = 'core' AND table_name = $1", [source])


def unionpipe_version() -> str:
    """The installed unionpipe version, so that an upgrade measures everything again."""
    try:
        return version("unionpipe")
    except PackageNotFoundError:
        return "unknown"


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list:
    return [list(row) for row in con.execute(sql, params or []).fetchall()]

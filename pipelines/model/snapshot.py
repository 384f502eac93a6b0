"""The analysts' copy of the warehouse: refreshed after each good night, swapped in by rename.

The copy holds no officer-only layer (raw rows, quarantine): it is a new file built from the tables
analysts may see, never a copy of the warehouse's bytes. An analyst's session on it never blocks
the nightly writer, and never sees a half load (or a half publication):
the new copy is written beside the old one and renamed over it in one step; sessions already open
keep reading the copy they opened.
"""

from pathlib import Path

import dagster as dg
import duckdb

from pipelines.ingest.specs import LOAD_ORDER
from pipelines.settings import Settings
from pipelines.warehouse import read_sql, scalar, writing

LAST_STATE = "SELECT state FROM audit.snapshots WHERE path = ? ORDER BY made_at DESC LIMIT 1"


def snapshot_path(warehouse_path: str) -> Path:
    """Where the analysts' read-only copy lives: `<warehouse>.analyst.duckdb` beside the warehouse."""
    path = Path(warehouse_path)
    return path.with_name(path.stem + ".analyst.duckdb")


def refresh_snapshot(warehouse_path: str) -> tuple[Path, bool]:
    """(the copy's path, whether it was made now): build a new file from the tables analysts may see, under the
    writer lock, and rename it into place — unless the copy in place already shows what the warehouse holds."""
    target = snapshot_path(warehouse_path)
    partial = target.with_name(target.name + ".partial")
    with writing(warehouse_path) as con:
        state = scalar(con, read_sql("audit/analyst_state.sql"))
        if target.exists() and state == scalar(con, LAST_STATE, [str(target)]):
            return target, False
        con.execute("INSERT INTO audit.snapshots (state, path) VALUES (?, ?)", [state, str(target)])
        partial.unlink(missing_ok=True)
        write_analyst_file(con, partial)
    partial.replace(target)
    return target, True


def officer_only(schema: str, name: str) -> bool:
    """True for what only officers may see: the raw layer (rows as written) and the quarantine (values as written)."""
    return schema == "raw" or (schema, name) == ("audit", "quarantine")


def write_analyst_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A new DuckDB file at `path` holding the analysts' tables, views and macros and nothing else.

    Built fresh rather than copied and stripped: a dropped table's pages would stay in a copy's bytes.
    """
    home = '"' + scalar(con, "SELECT current_database()").replace('"', '""') + '"'  # quoted: a file may be `2026-wh`
    catalog = "database_name = current_database() AND NOT internal"
    tables = con.execute(f"SELECT schema_name, table_name FROM duckdb_tables() WHERE {catalog} "
                         "ORDER BY schema_name, table_name").fetchall()
    views = con.execute(f"SELECT schema_name, view_name, sql FROM duckdb_views() WHERE {catalog}").fetchall()
    macros = con.execute(f"SELECT schema_name, function_name, function_type, parameters, macro_definition "
                         f"FROM duckdb_functions() WHERE {catalog} AND function_type LIKE '%macro'").fetchall()
    con.execute("ATTACH ? AS analyst_copy", [str(path)])
    try:
        for schema in {s for s, _ in tables} | {s for s, *_ in views} | {s for s, *_ in macros}:
            if schema != "raw":
                con.execute(f"CREATE SCHEMA IF NOT EXISTS analyst_copy.{schema}")
        for schema, table in tables:
            if not officer_only(schema, table):
                con.execute(f'CREATE TABLE analyst_copy.{schema}."{table}" AS FROM {home}.{schema}."{table}"')
        con.execute("USE analyst_copy")  # views and macros name their tables unqualified: bind them to the copy
        for schema, name, sql in views:
            if not officer_only(schema, name):
                con.execute(sql)
        for schema, name, kind, params, body in macros:
            table = "TABLE " if kind == "table_macro" else ""
            con.execute(f"CREATE MACRO {schema}.{name}({', '.join(params)}) AS {table}{body}")
    finally:
        con.execute(f"USE {home}")
        con.execute("DETACH analyst_copy")


@dg.asset(
    key=["analyst", "snapshot"],
    deps=[dg.AssetKey(["core", s]) for s in LOAD_ORDER]
    + [dg.AssetKey(k) for k in (["audit", "load_runs"], ["marts", "indicators"], ["publish", "package"],
                                  ["publish", "period_package"])],
    group_name="audit",
    kinds={"duckdb"},
    description="A read-only file of what analysts may see (no raw rows, no quarantine), swapped in atomically "
                "after a good night or a publication (kept as it is when neither changed what it shows).",
)
def analyst_snapshot(settings: Settings) -> dg.MaterializeResult:
    """Refresh the analysts' snapshot of the warehouse."""
    target, made = refresh_snapshot(settings.warehouse_path)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(target)), "refreshed": made,
                                          "size_mb": round(target.stat().st_size / 1e6, 1)})

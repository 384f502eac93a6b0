"""The analysts' file written whole: the warehouse's catalog less what only officers see, and its marker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.warehouse import quoted, read_sql, scalar

COPY = "analyst_copy"  # the name the analysts' file is attached under, beside the warehouse
MARKER = ("audit", "analyst_copy")  # the file's own table: its format version and what its last refresh did

# What analysts may see, as a number kept in their file. Bump it whenever that changes without a table's
# columns changing (a new mask, a value dropped for privacy, a rule on what is officer-only): the next refresh
# then writes a new file instead of keeping pages written under the old rule. A column change forces that by
# itself. 1 (2026-12): birth year only (never the date), 128-bit keyed hashes, no raw layer or quarantine.
FORMAT_VERSION = 1

# The columns of a staging table's rows: the file they came from, their line in it, and the core build's verdict.
BY_FILE = {"file_id", "row_number", "current"}


@dataclass(frozen=True)
class Catalog:
    """What one attached database defines: tables with their (column, type)s, views and macros."""

    tables: dict[tuple[str, str], tuple[tuple[str, str], ...]]
    views: list[tuple[str, str, str]]
    macros: list[tuple[str, str, str, list, str]]


def officer_only(schema: str, name: str) -> bool:
    """True for what only officers may see: the raw layer (rows as written) and the quarantine (values as written)."""
    return schema == "raw" or (schema, name) == ("audit", "quarantine")


def qualified(database: str, schema: str, table: str) -> str:
    """database.schema.table, each part quoted."""
    return ".".join(quoted(p) for p in (database, schema, table))


def catalog(con: duckdb.DuckDBPyConnection, database: str) -> Catalog:
    """The tables (with their columns, in order), views and macros `database` defines, DuckDB's own left out."""
    where = "database_name = ? AND NOT internal"
    columns: dict[tuple[str, str], list[tuple[str, str]]] = {
        (s, t): [] for s, t in con.execute(f"SELECT schema_name, table_name FROM duckdb_tables() WHERE {where} "
                                           "ORDER BY schema_name, table_name", [database]).fetchall()}
    for s, t, c, kind in con.execute(f"SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
                                     f"WHERE {where} ORDER BY schema_name, table_name, column_index",
                                     [database]).fetchall():
        if (s, t) in columns:  # a view's columns are listed too
            columns[(s, t)].append((c, kind))
    views = con.execute(f"SELECT schema_name, view_name, sql FROM duckdb_views() WHERE {where}", [database]).fetchall()
    macros = con.execute(f"SELECT schema_name, function_name, function_type, parameters, macro_definition "
                         f"FROM duckdb_functions() WHERE {where} AND function_type LIKE '%macro'",
                         [database]).fetchall()
    return Catalog({k: tuple(v) for k, v in columns.items()}, views, macros)


def home_database(con: duckdb.DuckDBPyConnection) -> str:
    """The warehouse's own database name (the file's stem)."""
    return scalar(con, "SELECT current_database()")


def analyst_view(warehouse: Catalog) -> Catalog:
    """The part of the warehouse's catalog analysts may see."""
    return Catalog({k: v for k, v in warehouse.tables.items() if not officer_only(*k)},
                   [v for v in warehouse.views if not officer_only(v[0], v[1])],
                   [m for m in warehouse.macros if not officer_only(m[0], m[1])])


def analyst_schemas(wanted: Catalog) -> set[str]:
    """The schemas a copy of `wanted` has: those of its objects, and the marker's."""
    return {s for s, _ in wanted.tables} | {v[0] for v in wanted.views} | {m[0] for m in wanted.macros} | {MARKER[0]}


def attach_copy(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Attach the analysts' file at `path` (created if absent) as COPY."""
    con.execute(f"ATTACH ? AS {COPY}", [str(path)])


def close_copy(con: duckdb.DuckDBPyConnection, home: str, complete: bool = True) -> None:
    """Detach the copy; when `complete`, first write its last pages into its file (no WAL beside it once renamed)."""
    con.execute(f"USE {quoted(home)}")
    try:
        if complete:
            con.execute(f"CHECKPOINT {COPY}")
    finally:
        con.execute(f"DETACH {COPY}")


def define_views_and_macros(con: duckdb.DuckDBPyConnection, wanted: Catalog, home: str) -> None:
    """Create `wanted`'s views and macros in the attached copy (they name their tables unqualified: bound there)."""
    con.execute(f"USE {COPY}")
    try:
        for _, _, sql in wanted.views:
            con.execute(sql)
        for schema, name, kind, params, body in wanted.macros:
            table = "TABLE " if kind == "table_macro" else ""
            con.execute(f"CREATE MACRO {quoted(schema)}.{quoted(name)}({', '.join(params)}) AS {table}{body}")
    finally:
        con.execute(f"USE {quoted(home)}")


def by_file(columns: tuple[tuple[str, str], ...]) -> bool:
    """True for a table whose rows carry the file they came from, their line in it and the core build's verdict
    `current` (the staging tables): it changes by files appended and by `current`, and is compared file by file."""
    return BY_FILE <= {c for c, _ in columns}


def fingerprint(con: duckdb.DuckDBPyConnection, database: str, key: tuple[str, str],
                columns: tuple[tuple[str, str], ...], only_listed: bool = False) -> dict:
    """{file_id: (rows, hash)} of a staging table (`only_listed`: of the files in temp table analyst_files), or
    {None: (rows, hash of whole rows)} of any other table."""
    table = qualified(database, *key)
    if not by_file(columns):
        sql = read_sql("audit/analyst_whole.sql").replace("{table}", table)
    else:
        where = "WHERE file_id IN (SELECT file_id FROM analyst_files)" if only_listed else ""
        sql = read_sql("audit/analyst_by_file.sql").replace("{table}", table).replace("{where}", where)
    return {f: (n, h) for f, n, h in con.execute(sql).fetchall()}


def write_marker(con: duckdb.DuckDBPyConnection, refresh: str, reason: str | None,
                 actions: dict[tuple[str, str], str], prints: dict[tuple[str, str], dict]) -> None:
    """Record in the copy its format version and, per table, what this refresh did and the fingerprint it holds."""
    con.execute(read_sql("audit/analyst_marker.sql").replace("{copy}", COPY))
    rows = [(s, t, actions[(s, t)], f, n, str(h)) for (s, t), parts in sorted(prints.items())
            for f, (n, h) in parts.items()]
    columns = [list(c) for c in zip(*rows)] if rows else [[]] * 6
    # One statement with list parameters: executemany costs a statement per row (0.2 s for some 70 rows).
    con.execute(f"INSERT INTO {qualified(COPY, *MARKER)} SELECT ?, current_timestamp, ?, ?, unnest(?::VARCHAR[]), "
                "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BIGINT[]), "
                "unnest(?::VARCHAR[])::HUGEINT", [FORMAT_VERSION, refresh, reason, *columns])


def write_analyst_file(con: duckdb.DuckDBPyConnection, path: Path, reason: str = "asked") -> None:
    """A new DuckDB file at `path` holding the analysts' tables, views and macros and nothing else.

    Built fresh rather than copied and stripped: a dropped table's pages would stay in a copy's bytes.
    `reason`: why a whole file is written (kept in its marker).
    """
    home = home_database(con)
    wanted = analyst_view(catalog(con, home))
    attach_copy(con, path)
    complete = False
    try:
        for schema in sorted(analyst_schemas(wanted)):
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {COPY}.{quoted(schema)}")
        for key in wanted.tables:
            con.execute(f"CREATE TABLE {qualified(COPY, *key)} AS FROM {qualified(home, *key)}")
        define_views_and_macros(con, wanted, home)
        prints = {key: fingerprint(con, home, key, cols) for key, cols in wanted.tables.items()}
        write_marker(con, "full", reason, {key: "written" for key in wanted.tables}, prints)
        complete = True
    finally:
        close_copy(con, home, complete)

"""The analysts' file brought up to date in place: per table kept, grown by new files' rows, or written again."""

from __future__ import annotations

import duckdb

from pipelines.model.analyst_file import (COPY, FORMAT_VERSION, MARKER, Catalog, analyst_schemas, analyst_view,
                                          catalog, define_views_and_macros, officer_only, qualified, quoted,
                                          write_marker)
from pipelines.warehouse import read_sql

# Tables whose rows carry the file they came from and their line in it, and the core build's verdict `current`:
# the staging tables. They change by files (new files' rows appended) and by `current`; others are small.
BY_FILE = {"file_id", "row_number", "current"}


class Diverged(Exception):
    """The copy, once updated, does not hold what the warehouse does: it is written whole instead."""


def why_rebuild(con: duckdb.DuckDBPyConnection, wanted: Catalog, held: Catalog) -> str | None:
    """Why the attached copy (holding `held`) cannot be brought to `wanted` in place; None when it can."""
    if MARKER not in held.tables:
        return "no marker"
    versions = {r[0] for r in con.execute(f"SELECT DISTINCT format_version FROM {qualified(COPY, *MARKER)}").fetchall()}
    if versions != {FORMAT_VERSION}:
        return f"format version {sorted(versions)} is not {FORMAT_VERSION}"
    if any(officer_only(*key) for key in held.tables) or any(officer_only(v[0], v[1]) for v in held.views):
        return "holds an officer-only table"  # dropping it would leave its pages in the file's bytes
    changed = sorted(f"{s}.{t}" for (s, t), cols in wanted.tables.items() if held.tables.get((s, t), cols) != cols)
    if changed:
        return "columns changed: " + ", ".join(changed)  # dropped or retyped values must not stay as free pages
    free, total = con.execute("SELECT free_blocks, total_blocks FROM pragma_database_size() "
                              "WHERE database_name = ?", [COPY]).fetchall()[0]
    if free * 2 > total:
        return "more than half of the file is free space"
    return None


def update_copy(con: duckdb.DuckDBPyConnection, home: str, wanted: Catalog, held: Catalog) -> dict:
    """Bring the attached copy's tables, views and macros to `wanted`; what was done per table.

    Raises Diverged when a changed table does not match the warehouse afterwards.
    """
    drop_views_and_macros(con, held)
    actions = {key: "dropped" for key in held.tables.keys() - wanted.tables.keys() - {MARKER}}
    for key in actions:
        con.execute(f"DROP TABLE {qualified(COPY, *key)}")
    for schema in sorted(analyst_schemas(wanted)):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {COPY}.{quoted(schema)}")
    for key, columns in wanted.tables.items():
        if key not in held.tables:
            con.execute(f"CREATE TABLE {qualified(COPY, *key)} AS FROM {qualified(home, *key)}")
            actions[key] = "added"
        elif BY_FILE <= {c for c, _ in columns}:
            actions[key] = update_by_file(con, home, key)
        else:
            actions[key] = update_whole(con, home, key)
    drop_other_schemas(con, analyst_schemas(wanted))
    define_views_and_macros(con, wanted, home)
    return actions


def drop_views_and_macros(con: duckdb.DuckDBPyConnection, held: Catalog) -> None:
    """Drop the copy's views and macros: every refresh defines them again from the warehouse (cheap)."""
    for schema, name, _ in held.views:
        con.execute(f"DROP VIEW {qualified(COPY, schema, name)}")
    for schema, name, kind, _, _ in held.macros:
        table = "TABLE " if kind == "table_macro" else ""
        con.execute(f"DROP MACRO {table}{qualified(COPY, schema, name)}")


def drop_other_schemas(con: duckdb.DuckDBPyConnection, keep: set[str]) -> None:
    """Drop the copy's schemas a file written whole would not have (emptied by the tables dropped)."""
    for (schema,) in con.execute("SELECT schema_name FROM duckdb_schemas() WHERE database_name = ? AND NOT internal",
                                 [COPY]).fetchall():
        if schema not in keep:
            con.execute(f"DROP SCHEMA {COPY}.{quoted(schema)} CASCADE")


def whole_fingerprint(con: duckdb.DuckDBPyConnection, database: str, key: tuple[str, str]) -> tuple:
    """(rows, hash of every whole row) of a table."""
    return con.execute(read_sql("audit/analyst_whole.sql").replace("{table}", qualified(database, *key))).fetchall()[0]


def file_fingerprints(con: duckdb.DuckDBPyConnection, database: str, key: tuple[str, str]) -> dict:
    """{file_id: (rows, hash of row numbers and `current`)} of a staging-like table."""
    sql = read_sql("audit/analyst_by_file.sql").replace("{table}", qualified(database, *key))
    return {f: (n, h) for f, n, h in con.execute(sql).fetchall()}


def update_whole(con: duckdb.DuckDBPyConnection, home: str, key: tuple[str, str]) -> str:
    """Keep a table the warehouse holds unchanged, or write it again whole (small tables); what was done."""
    if whole_fingerprint(con, home, key) == whole_fingerprint(con, COPY, key):
        return "kept"
    con.execute(f"CREATE OR REPLACE TABLE {qualified(COPY, *key)} AS FROM {qualified(home, *key)}")
    return "rewritten"


def update_by_file(con: duckdb.DuckDBPyConnection, home: str, key: tuple[str, str]) -> str:
    """Bring a staging-like table up to date file by file: rows of new files appended, of files gone or recounted
    written again, `current` set where it changed; what was done. Checked against the warehouse afterwards."""
    theirs, ours = file_fingerprints(con, home, key), file_fingerprints(con, COPY, key)
    if theirs == ours:
        return "kept"
    new = theirs.keys() - ours.keys()
    recounted = {f for f in theirs.keys() & ours.keys() if theirs[f][0] != ours[f][0]} | (ours.keys() - theirs.keys())
    reflagged = {f for f in theirs.keys() & ours.keys() if theirs[f] != ours[f]} - recounted
    target, source = qualified(COPY, *key), qualified(home, *key)
    try:
        if recounted:
            with_files(con, recounted)
            con.execute(f"DELETE FROM {target} WHERE file_id IN (SELECT file_id FROM analyst_files)")
        if new | recounted:
            with_files(con, new | recounted)
            con.execute(f"INSERT INTO {target} FROM {source} WHERE file_id IN (SELECT file_id FROM analyst_files)")
        if reflagged:
            with_files(con, reflagged)
            con.execute(read_sql("audit/analyst_reflag.sql").replace("{copy_table}", target)
                        .replace("{home_table}", source))
    finally:
        con.execute("DROP TABLE IF EXISTS analyst_files")
    if file_fingerprints(con, COPY, key) != theirs:
        raise Diverged(f"{key[0]}.{key[1]} does not match the warehouse after its update")
    return "appended" if not (recounted | reflagged) else "updated"


def with_files(con: duckdb.DuckDBPyConnection, files: set[str]) -> None:
    """The temp table analyst_files listing `files` (the file_ids a statement works on)."""
    con.execute("CREATE OR REPLACE TEMP TABLE analyst_files AS SELECT unnest(?::VARCHAR[]) AS file_id", [sorted(files)])


def refresh_in_place(con: duckdb.DuckDBPyConnection, home: str) -> tuple[str | None, dict]:
    """(why the attached copy must be written whole instead, or None; what was done per table when it was not)."""
    wanted = analyst_view(catalog(con, home))
    held = catalog(con, COPY)
    reason = why_rebuild(con, wanted, held)
    if reason:
        return reason, {}
    try:
        actions = update_copy(con, home, wanted, held)
    except (Diverged, duckdb.Error) as err:
        return f"update failed: {err}", {}
    write_marker(con, "incremental", None, actions)
    return None, actions


"""The analysts' file brought up to date in place: per table kept, grown by new files' rows, or written again."""

from __future__ import annotations

import duckdb

from pipelines.model.analyst_file import (COPY, FORMAT_VERSION, MARKER, Catalog, analyst_schemas, analyst_view,
                                          by_file, catalog, define_views_and_macros, fingerprint, officer_only,
                                          qualified, write_marker)
from pipelines.warehouse import quoted, read_sql


class Diverged(Exception):
    """The copy, once updated, does not hold what the warehouse does: it is written whole instead."""


def refresh_in_place(con: duckdb.DuckDBPyConnection, home: str) -> str | None:
    """Bring the attached copy up to date with the warehouse `home`; None when done, else why it must be written
    whole instead (the copy is then left half changed: the caller discards it)."""
    wanted = analyst_view(catalog(con, home))
    held = catalog(con, COPY)
    reason = why_rebuild(con, wanted, held)
    if reason:
        return reason
    try:
        actions, prints = update_copy(con, home, wanted, held, recorded_prints(con))
    except (Diverged, duckdb.Error) as err:
        return f"update failed: {err}"
    write_marker(con, "incremental", None, actions, prints)
    return None


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


def recorded_prints(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], dict]:
    """The fingerprints the copy's marker holds: {(schema, table): {file_id or None: (rows, hash)}}."""
    prints: dict[tuple[str, str], dict] = {}
    for s, t, f, n, h in con.execute(f"SELECT schema_name, table_name, file_id, row_count, row_hash "
                                     f"FROM {qualified(COPY, *MARKER)}").fetchall():
        prints.setdefault((s, t), {})[f] = (n, h)
    return prints


def update_copy(con: duckdb.DuckDBPyConnection, home: str, wanted: Catalog, held: Catalog,
                recorded: dict[tuple[str, str], dict]) -> tuple[dict, dict]:
    """Bring the attached copy's tables, views and macros to `wanted`; (what was done, fingerprint) per table.

    `recorded`: the fingerprints the copy holds (its marker). Raises Diverged when a staging table does not match
    the warehouse after its update.
    """
    drop_views_and_macros(con, held)
    for key in held.tables.keys() - wanted.tables.keys() - {MARKER}:
        con.execute(f"DROP TABLE {qualified(COPY, *key)}")  # its pages held only what analysts could see
    for schema in sorted(analyst_schemas(wanted)):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {COPY}.{quoted(schema)}")
    actions, prints = {}, {}
    for key, columns in wanted.tables.items():
        prints[key] = fingerprint(con, home, key, columns)
        if key not in held.tables:
            con.execute(f"CREATE TABLE {qualified(COPY, *key)} AS FROM {qualified(home, *key)}")
            actions[key] = "added"
        elif by_file(columns):
            actions[key] = update_by_file(con, home, key, columns, prints[key], recorded.get(key, {}))
        elif prints[key] == recorded.get(key):
            actions[key] = "kept"
        else:
            con.execute(f"CREATE OR REPLACE TABLE {qualified(COPY, *key)} AS FROM {qualified(home, *key)}")
            actions[key] = "rewritten"
    drop_other_schemas(con, analyst_schemas(wanted))
    define_views_and_macros(con, wanted, home)
    return actions, prints


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


def update_by_file(con: duckdb.DuckDBPyConnection, home: str, key: tuple[str, str],
                   columns: tuple[tuple[str, str], ...], theirs: dict, ours: dict) -> str:
    """Bring a staging table up to date file by file: rows of new files appended, of files gone or recounted
    written again, `current` set where it changed; what was done. The files touched are checked afterwards."""
    if theirs == ours:
        return "kept"
    new = theirs.keys() - ours.keys()
    recounted = {f for f in theirs.keys() & ours.keys() if theirs[f][0] != ours[f][0]} | (ours.keys() - theirs.keys())
    reflagged = {f for f in theirs.keys() & ours.keys() if theirs[f] != ours[f]} - recounted
    target, source = qualified(COPY, *key), qualified(home, *key)
    try:
        if recounted:
            listed(con, recounted)
            con.execute(f"DELETE FROM {target} WHERE file_id IN (SELECT file_id FROM analyst_files)")
        if new | recounted:
            listed(con, new | recounted)
            con.execute(f"INSERT INTO {target} FROM {source} WHERE file_id IN (SELECT file_id FROM analyst_files)")
        if reflagged:
            listed(con, reflagged)
            con.execute(read_sql("audit/analyst_reflag.sql").replace("{copy_table}", target)
                        .replace("{home_table}", source))
        touched = new | recounted | reflagged
        listed(con, touched)
        if fingerprint(con, COPY, key, columns, only_listed=True) != {f: theirs[f] for f in touched if f in theirs}:
            raise Diverged(f"{key[0]}.{key[1]} does not match the warehouse after its update")
    finally:
        con.execute("DROP TABLE IF EXISTS analyst_files")
    return "appended" if not (recounted | reflagged) else "updated"


def listed(con: duckdb.DuckDBPyConnection, files: set[str]) -> None:
    """The temp table analyst_files listing `files` (the file_ids the next statement works on)."""
    con.execute("CREATE OR REPLACE TEMP TABLE analyst_files AS SELECT unnest(?::VARCHAR[]) AS file_id", [sorted(files)])

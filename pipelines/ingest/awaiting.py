"""What still waits for a resubmission (sql/audit/awaiting_resubmission.sql), per township or system."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from pipelines.ingest.judge.pii import key_sql, keyed_key_halves
from pipelines.ingest.specs import LOAD_ORDER, SOURCES
from pipelines.ingest.write.store import ensure_tables
from pipelines.warehouse import read_sql


def member_keys(con: duckdb.DuckDBPyConnection, pii_key: bytes) -> pl.DataFrame:
    """The keyed hash of each quarantined members row's ID number, as the load computes it for staging."""
    found = con.execute("SELECT file_id, row_number, upper(trim(any_value(record_key))) AS id_number "
                        "FROM audit.quarantine WHERE source = 'members' GROUP BY ALL").fetchall()
    rows = pl.DataFrame(found, schema={"file_id": pl.String, "row_number": pl.Int32, "id_number": pl.String},
                        orient="row")
    if rows.height == 0:
        return pl.DataFrame(schema={"file_id": pl.String, "row_number": pl.Int32,
                                    "member_key__hi": pl.UInt64, "member_key__lo": pl.UInt64})
    return rows.select("file_id", "row_number", *keyed_key_halves(rows.get_column("id_number"), pii_key, "member_key"))


def awaiting(con: duckdb.DuckDBPyConnection, pii_key: bytes, today: dt.date) -> list[dict]:
    """Every rejected file and quarantined row not yet replaced by a later load, with its township and wait."""
    core = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'core' AND database_name = current_database() "
        "UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'core' AND database_name = current_database()"
    ).fetchall()}
    if not {"regions", "units"} <= core:  # nothing has been loaded far enough to wait for anything
        return []
    for source in LOAD_ORDER:  # a source never loaded still has (empty) tables to read
        ensure_tables(con, SOURCES[source])
    halves = member_keys(con, pii_key)  # noqa: F841 - read by name below
    con.execute(f"CREATE OR REPLACE TEMP TABLE member_keys AS SELECT file_id, row_number, {key_sql('member_key')} "
                "FROM halves")
    try:
        cur = con.execute(read_sql("audit/awaiting_resubmission.sql"), {"today": today})
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.execute("DROP TABLE IF EXISTS member_keys")

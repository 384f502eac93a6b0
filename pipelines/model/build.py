"""Building the core layer (what analysts read) from staging, following only the newly loaded rows.

Each staging row carries `current`: null until the core build has seen it, then true (in core) or
false (superseded by a later batch). core.members, core.mediation and core.grievances are views of
the current rows; core.units a view of every applied version with its batch_seq; core.regions the
latest regions batch, rebuilt whole (a few hundred rows). A night's build therefore costs what its
new rows cost, not what the warehouse holds.
"""

from __future__ import annotations

import duckdb

from pipelines.ingest.specs import SOURCES
from pipelines.ingest.write.bulk import bulk_settings
from pipelines.ingest.write.store import ensure_tables
from pipelines.warehouse import read_sql, scalar

# Sources where the latest batch wins per key, and the staging column that is their key.
LATEST_WINS = {"members": "member_key", "mediation": "case_no", "grievances": "ticket_no"}


def build_core(con: duckdb.DuckDBPyConnection, source: str, full: bool = False) -> int:
    """Apply staging's new rows to core.<source> inside one transaction; returns core's row count.

    `full`: forget what was applied and decide every row again (the same result, at full cost).
    """
    ensure_tables(con, SOURCES[source])
    with bulk_settings(con, checkpoint=False):
        con.execute("BEGIN TRANSACTION")
        try:
            _drop_old_table(con, source)
            if full:
                con.execute(f"UPDATE staging.{source} SET current = NULL WHERE current IS NOT NULL")
            for sql in _statements(con, source):
                con.execute(sql)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return scalar(con, f"SELECT count(*) FROM core.{source}")


def _statements(con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    """The SQL that applies new rows and (re)defines core.<source>, in order."""
    if source in LATEST_WINS:
        any_current = scalar(con, f"SELECT count(*) FROM (SELECT 1 FROM staging.{source} WHERE current LIMIT 1)")
        apply = read_sql("core/apply_latest.sql").replace("{key}", LATEST_WINS[source])
        apply = apply.replace("{any_current}", "true" if any_current else "false")
        return [apply.replace("{source}", source), read_sql(f"core/{source}.sql")]
    if source == "units":
        return [read_sql("core/apply_all.sql").replace("{source}", source), read_sql("core/unit_batches.sql"),
                read_sql("core/units.sql")]
    return [read_sql(f"core/{source}.sql")]


def _drop_old_table(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """A warehouse built before core became views has core.<source> as a table: it makes way for the view."""
    if source != "regions" and scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'core' "
                                          "AND table_name = ? AND database_name = current_database()", [source]):
        con.execute(f"DROP TABLE core.{source}")

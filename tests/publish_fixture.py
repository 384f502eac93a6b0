"""A warehouse ready to publish 2026-10: the hand-built county of indicator_fixture plus its file registry.

Every source but regions has a loaded batch after E = 2026-10-31, so 2026-10 is complete; the earliest
of those latest batches (grievances, 2026-11-02) makes 2026-10 the latest complete month.
"""

from __future__ import annotations

import hashlib
from datetime import date

import duckdb

from tests.indicator_fixture import build_county

P = "2026-10"

# source, file name, batch date: what audit.files says was loaded.
BATCHES = [
    ("regions", "20261001_regions.csv", date(2026, 10, 1)),
    ("units", "20261001_units.csv", date(2026, 10, 1)),
    ("units", "20261105_units.csv", date(2026, 11, 5)),
    ("members", "20261103_members.csv", date(2026, 11, 3)),
    ("mediation", "20261104_mediation.xlsx", date(2026, 11, 4)),
    ("grievances", "20261102_grievances.csv", date(2026, 11, 2)),
]


def register_batch(con: duckdb.DuckDBPyConnection, source: str, file_name: str, batch_date: date | None,
                   status: str = "loaded") -> str:
    """Add one file to audit.files as the loader would; return its sha256."""
    sha = hashlib.sha256(f"{source}/{file_name}/{status}".encode()).hexdigest()
    con.execute(
        "INSERT INTO audit.files (file_id, sha256, source, file_name, rel_path, batch_date, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [f"{sha}:{source}/{file_name}", sha, source, file_name, f"{source}/{file_name}", batch_date, status],
    )
    return sha


def build_publishable(con: duckdb.DuckDBPyConnection, batches: list[tuple] = BATCHES) -> None:
    """The county's core tables and the given loaded batches."""
    build_county(con)
    for source, name, batch_date in batches:
        register_batch(con, source, name, batch_date)


def record_check(con: duckdb.DuckDBPyConnection, name: str, table: str, passed: bool, severity: str = "blocking",
                 observed: str = "0", period: str | None = None, at: str = "2026-11-06 02:00:00") -> None:
    """One result in audit.check_results, as the gate's run would write it."""
    con.execute(
        "INSERT INTO audit.check_results (check_name, table_name, severity, passed, expectation, expected,"
        " observed, detail, period, run_id, checked_at) VALUES (?, ?, ?, ?, 'expect_column_values_to_be_between',"
        " '0', ?, NULL, ?, 'test-run', ?)",
        [name, table, severity, passed, observed, period, at],
    )

"""What the gate currently says: the open blocking failures that stop publishing."""

from __future__ import annotations

import duckdb

OPEN_BLOCKING_SQL = """
    SELECT check_name, table_name, expectation, expected, observed, detail, period
    FROM audit.check_results
    WHERE severity = 'blocking'
      AND (period IS NULL OR period = ?)
    QUALIFY row_number() OVER (PARTITION BY check_name, coalesce(period, '') ORDER BY checked_at DESC) = 1
        AND NOT passed
    ORDER BY check_name
"""


def open_blocking_failures(con: duckdb.DuckDBPyConnection, period: str | None = None) -> list[dict]:
    """The latest result of each blocking check (global, or for `period`) that is failing."""
    cur = con.execute(OPEN_BLOCKING_SQL, [period])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def failure_message(failure: dict) -> str:
    """One line naming a failing check: its expectation, table, expected and observed figures, examples."""
    where = f" for {failure['period']}" if failure.get("period") else ""
    text = (
        f"{failure['check_name']} ({failure['expectation']}) on {failure['table_name']}{where}: "
        f"expected {failure['expected']}, observed {failure['observed']}"
    )
    return f"{text}; e.g. {failure['detail']}" if failure.get("detail") else text

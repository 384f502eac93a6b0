"""The outcome of one check, and its place in audit.check_results (every run kept)."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

COLUMNS = ("check_name", "table_name", "severity", "passed", "expectation", "expected", "observed",
           "detail", "period", "run_id", "inputs_sha256", "reused_from", "docs_path", "delta_state")

LATEST_SQL = """
    SELECT check_name, passed, observed, detail, inputs_sha256, coalesce(reused_from, run_id) AS measured_in,
           docs_path, delta_state, expected
    FROM audit.check_results
    WHERE period IS NULL AND list_contains(?, check_name)
    QUALIFY row_number() OVER (PARTITION BY check_name ORDER BY checked_at DESC) = 1
"""


@dataclass(frozen=True)
class CheckResult:
    """One check's result: what was expected, the failing figure and a few offending values."""

    check_name: str
    table_name: str
    severity: str  # blocking | warning
    passed: bool
    expectation: str  # the Great Expectations expectation type
    expected: str
    observed: str
    detail: str | None  # offending values, a few examples, never personal data
    period: str | None
    run_id: str
    rule_zh: str = field(default="", compare=False)  # not stored: for people and Dagster metadata
    docs_path: str | None = field(default=None, compare=False)  # the Data Docs page of the run that measured it
    inputs_sha256: str | None = None  # the inputs it was measured on (inputs.py); None when not evaluated
    reused_from: str | None = None  # the run whose measurement this carries forward; None when measured now
    delta_state: str | None = None  # what a later delta measurement needs (delta.py); JSON, None when none applies

    @property
    def blocking(self) -> bool:
        """Whether a failure of this check stops publishing."""
        return self.severity == "blocking"


@dataclass(frozen=True)
class Recorded:
    """The latest recorded table-wide result of one check, as reuse reads it."""

    check_name: str
    passed: bool
    observed: str
    detail: str | None
    inputs_sha256: str | None
    measured_in: str  # the run that measured it (through any runs that carried it forward)
    docs_path: str | None
    delta_state: str | None
    expected: str | None  # what it was judged against, in words and bounds (Check.expected)


def record(con: duckdb.DuckDBPyConnection, results: list[CheckResult]) -> None:
    """Append the results to audit.check_results."""
    if not results:
        return
    rows = [tuple(getattr(r, c) for c in COLUMNS) for r in results]
    marks = ", ".join("?" for _ in COLUMNS)
    con.executemany(f"INSERT INTO audit.check_results ({', '.join(COLUMNS)}) VALUES ({marks})", rows)


def latest_recorded(con: duckdb.DuckDBPyConnection, check_names: list[str]) -> dict[str, Recorded]:
    """The latest result without a period of each named check, by check name."""
    rows = con.execute(LATEST_SQL, [check_names]).fetchall()
    return {row[0]: Recorded(*row) for row in rows}

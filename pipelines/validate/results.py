"""The outcome of one check, and its place in audit.check_results (every run kept)."""

from __future__ import annotations

from dataclasses import astuple, dataclass, field

import duckdb

COLUMNS = ("check_name", "table_name", "severity", "passed", "expectation", "expected", "observed",
           "detail", "period", "run_id")


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
    # Not stored: for people and Dagster metadata.
    rule_zh: str = field(default="", compare=False)
    docs_path: str | None = field(default=None, compare=False)

    @property
    def blocking(self) -> bool:
        """Whether a failure of this check stops publishing."""
        return self.severity == "blocking"


def record(con: duckdb.DuckDBPyConnection, results: list[CheckResult]) -> None:
    """Append the results to audit.check_results."""
    if not results:
        return
    rows = [astuple(r)[: len(COLUMNS)] for r in results]
    marks = ", ".join("?" for _ in COLUMNS)
    con.executemany(f"INSERT INTO audit.check_results ({', '.join(COLUMNS)}) VALUES ({marks})", rows)

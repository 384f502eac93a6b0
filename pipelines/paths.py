"""Where the project's own files are, and reading its SQL: nothing here imports Dagster or DuckDB, so a
process that only judges checks (the Great Expectations helper) starts without them."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"


def read_sql(relative: str) -> str:
    """The text of one model file under sql/."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")

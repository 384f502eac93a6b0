"""DuckDB's part of a check: reduce a table to one small figure and a few offending examples."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.validate.check import Check
from pipelines.warehouse import table_exists


@dataclass(frozen=True)
class Figure:
    """What one check's query returned: the figure, a few offending values, or why it could not run."""

    observed: float | None
    examples: str | None
    error: str | None = None


def source_table(con: duckdb.DuckDBPyConnection, source: str | None) -> str | None:
    """Where a source's rows of every batch are: staging.<source> when it exists, else core.<source>.

    Staging keeps every batch; core keeps only each record's current version (fine for units,
    which keep every version, but it undercounts earlier batches of the other sources).
    """
    if source is None:
        return None
    return f"staging.{source}" if table_exists(con, "staging", source) else f"core.{source}"


def measure(con: duckdb.DuckDBPyConnection, check: Check, params: dict) -> Figure:
    """Run one check's query; a missing table or column makes a figure with the error instead."""
    sql, bound = check.query(params, source_table(con, check.batches_of))
    try:
        observed, examples = con.execute(sql, bound).fetchone()
    except duckdb.Error as exc:
        return Figure(None, None, str(exc).splitlines()[0])
    return Figure(observed, examples)


def summary_row(figures: dict[str, Figure]) -> dict[str, float]:
    """The figure of every check that produced one, by check name: the one row Great Expectations judges
    (a plain dict, so that the process that measured never imports pandas; see `expectations.judge`)."""
    return {name: fig.observed for name, fig in figures.items() if fig.error is None and fig.observed is not None}

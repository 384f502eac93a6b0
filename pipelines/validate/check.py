"""One check of the gate: what DuckDB measures, the bounds Great Expectations holds it to, and its words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.paths import read_sql

BLOCKING = "blocking"
WARNING = "warning"


class _Named(dict):
    """Formatting values that leaves an unknown placeholder as its bare name (definition time)."""

    def __missing__(self, key: str) -> str:
        return key


@dataclass(frozen=True)
class Check:
    """A measured figure (one row: observed, examples) and the range it must fall in."""

    suite: str  # the GE suite and the Dagster asset it guards, e.g. core.units
    name: str  # unique within the suite, a Python identifier (Dagster check name)
    severity: str  # blocking | warning
    measure: str  # what `observed` counts, in English (may hold {params})
    zh: str  # the rule in plain Chinese, for officers (may hold {params})
    sql: str  # file under sql/checks/
    min_value: float | None = 0
    max_value: float | None = 0
    table: str | None = None  # the table recorded, when not the suite's
    source: str | None = None  # the raw source, for freshness and volume
    batches: str | None = None  # the source whose every batch @source_table@ names, for a check with no `source`
    counts: str | None = None  # per-(org, batch) counting model, for volume
    delta: bool = False  # its SQL binds $new_files: null for the whole table, else new files' keys only (delta.py)

    @property
    def check_name(self) -> str:
        """The stable name stored in audit.check_results, e.g. core_units__key_unique."""
        return f"{self.suite.replace('.', '_')}__{self.name}"

    @property
    def batches_of(self) -> str | None:
        """The source whose rows of every batch the SQL reads as @source_table@ (figures.source_table)."""
        return self.source or self.batches

    @property
    def table_name(self) -> str:
        """The table the check speaks about."""
        return self.table or self.suite

    def bounds(self) -> str:
        """The allowed range in symbols: '= 0', '≥ 1', 'between 0 and 1'."""
        lo, hi = _fmt(self.min_value), _fmt(self.max_value)
        if lo == hi:
            return f"= {lo}"
        if hi is None:
            return f"≥ {lo}"
        return f"≤ {hi}" if lo is None else f"between {lo} and {hi}"

    def expected(self, params: dict) -> str:
        """What is expected, in words and figures."""
        return f"{self.measure.format_map(_Named(params))} {self.bounds()}"

    def rule_zh(self, params: dict) -> str:
        """The Chinese sentence stating the rule."""
        return self.zh.format_map(_Named(params))

    def query(self, params: dict, source_table: str | None = None) -> tuple[str, dict]:
        """The SQL to run and the parameters it names (DuckDB refuses unused ones)."""
        text = read_sql(f"checks/{self.sql}")
        if self.counts:
            text = text.replace("@counts@", read_sql(f"checks/{self.counts}"))
        text = text.replace("@table@", self.suite).replace("@source_table@", source_table or self.suite)
        wanted = set(re.findall(r"\$([a-z_]+)", text))
        return text, {k: v for k, v in params.items() if k in wanted}


def _fmt(value: float | None) -> str | None:
    """A bound written without a trailing '.0'."""
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)

"""From a sheet's text columns to cleaned text (`t_*`) and typed values (`v_*`), in one bulk select.

Two shortcuts keep the meaning of `cleaned` and `parse_column` exactly: a column whose values are
all ASCII or CJK ideographs skips NFKC (which leaves those as they are), and a column with few distinct values (dates,
codes, enumerations, employers' credit codes) is cleaned and parsed once per distinct value, then
mapped back onto the rows.
"""

from __future__ import annotations

import polars as pl

from pipelines.ingest.judge.parse import cleaned, excel_shadow, nfkc_stable, parse_column
from pipelines.ingest.read.sheet import ROW
from pipelines.ingest.specs import Column, Source

BY_VALUE_KINDS = {"date", "enum", "code", "uscc", "boolean", "integer", "amount"}
MAX_DISTINCT_SHARE = 0.25  # above this share of distinct values, parsing every row is cheaper


def _by_value(frame: pl.DataFrame, cols: list[Column]) -> dict[str, pl.DataFrame]:
    """For columns with few distinct values: a table raw -> t (cleaned) -> v (typed) over those values."""
    if not cols or frame.height == 0:
        return {}
    distinct = frame.select(pl.col(c.name).unique().drop_nulls().implode() for c in cols)
    tables = {}
    for c in cols:
        values = distinct.get_column(c.name)[0]
        if len(values) > MAX_DISTINCT_SHARE * frame.height:
            continue
        table = values.cast(pl.String).to_frame("raw").with_columns(cleaned("raw").alias("t"))
        tables[c.name] = table.with_columns(parse_column(c, pl.col("t"), None).alias("v"))
    return tables


def _mapped(name: str, table: pl.DataFrame, field: str) -> pl.Expr:
    """The column's values looked up in its by-value table."""
    return pl.col(name).replace_strict(table["raw"], table[field], default=None, return_dtype=table.schema[field])


def typed_frame(frame: pl.DataFrame, source: Source, only: list[str] | None = None) -> pl.DataFrame:
    """The sheet's rows with `t_<col>` (cleaned text) and `v_<col>` (typed value) for every column (or `only`)."""
    columns = [c for c in source.columns if only is None or c.name in only]
    shadows = {c.name: excel_shadow(c, frame.columns) for c in columns}
    names = [c.name for c in columns]
    tables = _by_value(frame, [c for c in columns if c.kind in BY_VALUE_KINDS and shadows[c.name] is None])
    stable = {n: frame.height > 0 and nfkc_stable(frame.get_column(n)) for n in names if n not in tables}
    base = frame.select(
        pl.col(ROW),
        *[(_mapped(n, tables[n], "t") if n in tables else cleaned(n, stable.get(n, False))).alias("t_" + n)
          for n in names],
        *[s for s in shadows.values() if s is not None],
        *[_mapped(n, tables[n], "v").alias("v_" + n) for n in tables],
    )
    shadow_names = [s.meta.output_name() for s in shadows.values() if s is not None]
    return base.with_columns(
        parse_column(c, pl.col("t_" + c.name), shadows[c.name]).alias("v_" + c.name)
        for c in columns if c.name not in tables
    ).select(pl.col(ROW), *["t_" + n for n in names], *shadow_names, *["v_" + n for n in names])

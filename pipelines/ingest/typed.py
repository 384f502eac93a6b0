"""From a sheet's text columns to cleaned text (`t_*`) and typed values (`v_*`), in one bulk select."""

from __future__ import annotations

import polars as pl

from pipelines.ingest.parse import cleaned, excel_shadow, parse_column
from pipelines.ingest.sheet import ROW
from pipelines.ingest.specs import Source


def typed_frame(frame: pl.DataFrame, source: Source) -> pl.DataFrame:
    """The sheet's rows with `t_<col>` (cleaned text) and `v_<col>` (typed value) for every column."""
    shadows = {c.name: excel_shadow(c, frame.columns) for c in source.columns}
    base = frame.select(
        pl.col(ROW),
        *[cleaned(c.name).alias("t_" + c.name) for c in source.columns],
        *[s for s in shadows.values() if s is not None],
    )
    return base.with_columns(
        parse_column(c, pl.col("t_" + c.name), shadows[c.name]).alias("v_" + c.name) for c in source.columns
    )

"""What a reader hands on: the data rows as text under canonical names, with their row numbers, in chunks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import polars as pl

from pipelines.ingest.errors import FileRejected
from pipelines.ingest.read.headers import HeaderMatch
from pipelines.ingest.specs import Source

ROW = "__row"  # the row number the officer sees (line in the CSV, row in the worksheet)
EXTRA = "__extra"  # unknown columns of the row, as JSON (kept in the raw layer only)
XL = "__xl"  # suffix of a column holding the Excel date/time cell value, when the cell was one


def no_rows() -> FileRejected:
    """The rejection of a file with nothing below its header."""
    return FileRejected("empty", "表头以下没有数据行 (no data rows below the header)")


@dataclass
class Sheet:
    """Rows of one file, read chunk by chunk: canonical text columns, `__row`, `__extra`, Excel-date shadows.

    `chunks(n)` yields frames of at most n data rows, in file order, all-blank rows dropped (a chunk may
    be empty); reading may still turn the file away (FileRejected) part-way. Use it as a context
    manager: `close` frees what the reader set up (a transcoded copy of the file).
    """

    header: HeaderMatch
    header_row_number: int  # 1-based row/line of the header in the file
    encoding: str
    chunks: Callable[[int], Iterator[pl.DataFrame]]
    close: Callable[[], None] = field(default=lambda: None)

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def header_of(self, column: str) -> str:
        """The header of a canonical column as written in the officer's file."""
        pos = self.header.positions.get(column)
        return self.header.headers[pos].strip() if pos is not None else column

    def whole(self) -> pl.DataFrame:
        """Every row at once (for small files judged as a whole); FileRejected('empty') when none."""
        frames = [f for f in self.chunks(1 << 62) if f.height]
        if not frames:
            raise no_rows()
        return pl.concat(frames)


def shape_rows(raw: pl.DataFrame, header: HeaderMatch, first_row_number: int, source: Source,
               shadows: pl.DataFrame | None = None) -> pl.DataFrame:
    """Rename file columns (by position) to canonical names, number rows and drop all-blank ones.

    `raw` holds data rows only, columns in file order, the first being row `first_row_number`; `shadows`
    the same cells read as Excel datetimes (XLSX only). Absent optional columns come back as all-null text.
    """
    cols = raw.columns
    exprs = [
        (pl.col(cols[header.positions[c.name]]) if c.name in header.positions else pl.lit(None, pl.String))
        .cast(pl.String).alias(c.name)
        for c in source.columns
    ]
    extras = header.extras
    extra_expr = (
        pl.struct([pl.col(cols[i]).cast(pl.String).alias(h.strip()) for i, h in extras.items() if i < len(cols)])
        .struct.json_encode()
        if extras else pl.lit(None, pl.String)
    )
    frame = raw.select(
        (pl.int_range(pl.len(), dtype=pl.Int64) + first_row_number).alias(ROW),
        *exprs,
        extra_expr.alias(EXTRA),
    )
    if shadows is not None:
        shadow_cols = shadows.columns
        frame = frame.with_columns(
            shadows.get_column(shadow_cols[header.positions[c.name]]).alias(c.name + XL)
            for c in source.columns
            if c.kind in ("date", "datetime") and c.name in header.positions
        )
    known = [c.name for c in source.columns]
    blank = pl.all_horizontal(pl.col(known).str.strip_chars().fill_null("").eq(""))
    return frame.filter(~blank)

"""Writing a file chunk by chunk: CSV (UTF-8, UTF-8 with BOM, GB18030) or XLSX with a title row.

Both writers put the optional title row and a blank row above the header and know the row number
(as the officer sees it) of every data row they write.
"""

from __future__ import annotations

import codecs
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from pipelines.sample.styles import FileStyle

# Fixed document dates: the same seed must give the same bytes.
CREATED = datetime(2026, 1, 1, 8, 0, 0)
EXCEL_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss", "integer": "0", "amount": "#,##0.00"}


class CsvWriter:
    """A CSV file opened for appending chunks of text rows."""

    def __init__(self, path: Path, style: FileStyle):
        self.style, self.fh = style, path.open("wb")
        self.codec = "utf-8" if style.encoding == "utf-8-sig" else style.encoding
        if style.encoding == "utf-8-sig":
            self.fh.write(codecs.BOM_UTF8)
        lines = 0
        if style.title:
            self._write_text(style.title + style.newline + style.newline)
            lines = 2
        self.header_row = lines + 1
        self._write_frame(pl.DataFrame([list(style.headers)], schema=list(style.columns), orient="row"))
        self.next_row = self.header_row + 1

    def _write_text(self, text: str) -> None:
        self.fh.write(text.encode(self.codec))

    def _write_frame(self, frame: pl.DataFrame) -> None:
        # Empty cells as nothing between the commas (as spreadsheets export them), not as "".
        frame = frame.select(pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in frame.columns)
        self._write_text(frame.write_csv(include_header=False, line_terminator=self.style.newline))

    def write(self, text: pl.DataFrame, typed: pl.DataFrame, excel: dict[str, np.ndarray]) -> int:
        """Append rows; returns the row number of the first of them."""
        first = self.next_row
        self._write_frame(text)
        self.next_row += text.height
        return first

    def close(self) -> None:
        """Finish the file."""
        self.fh.close()


class XlsxWriter:
    """A one-sheet workbook: title row, blank row, header row, then the data rows."""

    def __init__(self, path: Path, style: FileStyle, kinds: dict[str, str]):
        self.style, self.kinds = style, kinds
        self.book = xlsxwriter.Workbook(str(path))
        self.book.set_properties({"created": CREATED})
        self.sheet = self.book.add_worksheet()
        self.formats = {k: self.book.add_format({"num_format": f}) for k, f in EXCEL_FORMATS.items()}
        self.sheet.write_string(0, 0, style.title or "")
        self.sheet.write_row(2, 0, list(style.headers))
        self.header_row = 3
        self.next_row = 4

    def write(self, text: pl.DataFrame, typed: pl.DataFrame, excel: dict[str, np.ndarray]) -> int:
        """Append rows: text cells, except those marked to be real Excel dates and numbers."""
        first = self.next_row
        base = first - 1  # xlsxwriter counts rows from 0
        for i, row in enumerate(text.iter_rows()):
            for j, value in enumerate(row):
                if value:
                    self.sheet.write_string(base + i, j, value)
        for j, col in enumerate(self.style.columns):
            mask = excel.get(col)
            if mask is None:
                continue
            kind = self.kinds[col]
            values = typed[col].to_list()
            for i in np.flatnonzero(mask):
                value = values[i]
                if kind in ("date", "datetime"):
                    self.sheet.write_datetime(base + i, j, value, self.formats[kind])
                else:
                    number = value / 100 if kind == "amount" else value
                    self.sheet.write_number(base + i, j, number, self.formats[kind])
        self.next_row += text.height
        return first

    def close(self) -> None:
        """Finish the workbook (written to disk here)."""
        self.book.close()

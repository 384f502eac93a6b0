"""Write a listing as it streams out of DuckDB: CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import xlsxwriter

BOM = "\ufeff".encode()
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header


class TooManyRows(ValueError):
    """An XLSX sheet cannot hold the listing; CSV can."""


def write_listing(batches: Iterable[pa.RecordBatch], schema: pa.Schema, out: Path) -> int:
    """Write the batches to `out` (.csv or .xlsx by its suffix); return the number of rows."""
    suffix = out.suffix.lower()
    if suffix == ".csv":
        return _write_csv(batches, schema, out)
    if suffix == ".xlsx":
        return _write_xlsx(batches, schema, out)
    raise ValueError(f"bad_out: {out}（输出文件须为 .csv 或 .xlsx）")


def _write_csv(batches: Iterable[pa.RecordBatch], schema: pa.Schema, out: Path) -> int:
    rows = 0
    with open(out, "wb") as f:
        f.write(BOM)  # Excel opens a UTF-8 file as such only with its BOM
        with pacsv.CSVWriter(f, schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
                rows += batch.num_rows
    return rows


def _write_xlsx(batches: Iterable[pa.RecordBatch], schema: pa.Schema, out: Path) -> int:
    # constant_memory: each row is flushed as written, so the sheet never sits in memory
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    try:
        sheet = book.add_worksheet("records")
        date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, schema.names)
        rows = 0
        for batch in batches:
            if rows + batch.num_rows > XLSX_MAX_ROWS:
                raise TooManyRows(f"too_many_rows: more than {XLSX_MAX_ROWS} rows（超出 Excel 行数上限，请用 .csv）")
            for record in batch.to_pylist():
                rows += 1
                for col, name in enumerate(schema.names):
                    _write_cell(sheet, rows, col, record[name], date_fmt)
    finally:
        book.close()
    return rows


def _write_cell(sheet, row: int, col: int, value, date_fmt) -> None:
    """Strings always as text (a value that looks like a formula stays text), dates as dates."""
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value)
    elif hasattr(value, "year"):
        sheet.write_datetime(row, col, value, date_fmt)
    else:
        sheet.write_number(row, col, value)

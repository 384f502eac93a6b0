"""The quarantine export an officer fixes and resubmits from: XLSX or CSV, Chinese headers, formulas kept as text."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import xlsxwriter

from pipelines.warehouse import read_sql

HEADERS = ["来源 source", "文件 file", "行号 row", "编号 key", "列 column", "表头 header",
           "原始值 value", "原因代码 reason", "说明 message"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def quarantine_rows(con: duckdb.DuckDBPyConnection, file_name: str | None = None) -> list[tuple]:
    """Quarantined reasons, one per row and column, optionally of one file (by name or path)."""
    return con.execute(read_sql("audit/quarantine_export.sql"), [file_name]).fetchall()


def as_text(value: object) -> str:
    """A cell value as text; one that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(rows: list[tuple], out: Path) -> None:
    """UTF-8 with BOM, so that Excel on an officer's machine shows the Chinese correctly."""
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows([as_text(v) for v in row] for row in rows)


def write_xlsx(rows: list[tuple], out: Path) -> None:
    """One sheet; every cell written as a string, so nothing an officer sent is evaluated."""
    workbook = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("隔离数据")
    bold = workbook.add_format({"bold": True})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header, bold)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, "" if value is None else str(value))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(HEADERS) - 1)
    workbook.close()


def export_quarantine(con: duckdb.DuckDBPyConnection, out: Path, file_name: str | None = None) -> int:
    """Write the quarantine (of one file, or all) to `out` (.xlsx or .csv); returns the rows written."""
    rows = quarantine_rows(con, file_name)
    out.parent.mkdir(parents=True, exist_ok=True)
    (write_xlsx if out.suffix.lower() == ".xlsx" else write_csv)(rows, out)
    return len(rows)

"""The correction workbook: each file's rejected rows in the officer's own layout, then a summary sheet.

A file's sheet has its header row as written and every cell as written, then four extra columns (file, row
in the original file, reason codes, Chinese message) whose headers the load does not know, so that it
ignores them when the corrected sheet comes back (read/headers.py). The offending cells are filled.
Built by `unionpipe quarantine --out` (export.py, from the warehouse) and `unionpipe validate --out`
(dry_run.py, from the files themselves).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import xlsxwriter

from pipelines.ingest.judge.messages import message_zh
from pipelines.ingest.read.headers import match_row, normalise_header
from pipelines.ingest.read.sheet import EXTRA, ROW
from pipelines.ingest.specs import SOURCES

EXTRA_HEADERS = ["原文件 source file", "原行号 original row", "原因代码 reason", "原因说明 reason message"]
SUMMARY_HEADERS = ["文件 file", "来源 source", "状态 status", "读取 rows read", "入库 loaded",
                   "隔离 quarantined", "原因代码 reason", "原因说明 reason message", "详情 detail"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class FileFix:
    """One file's rejected rows as sent: its header cells as written, its rows, and why each was turned away."""

    source: str
    rel_path: str
    headers: list[str]  # the file's header row as written, in order
    rows: pl.DataFrame  # __row, the source's columns as text, __extra (JSON of the unknown columns)
    reasons: pl.DataFrame  # __row, column_name, reason_code (rejects only)


@dataclass
class Summary:
    """One file's line on the summary sheet."""

    rel_path: str
    source: str
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    reason_code: str | None = None
    reason_detail: str | None = None
    extra: dict = field(default_factory=dict)

    def cells(self) -> list:
        """The cells of its summary row."""
        zh = message_zh(self.reason_code) if self.reason_code else ""
        return [self.rel_path, self.source, self.status, self.rows_read, self.rows_loaded, self.rows_quarantined,
                self.reason_code or "", zh, self.reason_detail or ""]


def as_text(value: object) -> str:
    """A cell value as text; one that a spreadsheet would run as a formula gets a leading apostrophe (CSV)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def officer_headers(fix: FileFix) -> list[str]:
    """The file's header cells, less the extra columns of an earlier export (they are written afresh)."""
    ours = {normalise_header(h) for h in EXTRA_HEADERS}
    headers = list(fix.headers)
    while headers and normalise_header(headers[-1]) in ours | {""}:
        headers.pop()
    return headers


def sheet_cells(fix: FileFix) -> tuple[list[str], list[list], list[set[int]]]:
    """(header row, data rows, per row the positions of its offending cells) for one file."""
    headers = officer_headers(fix)
    match = match_row(headers, SOURCES[fix.source])
    extras = {i: h.strip() for i, h in match.extras.items()}
    rows = fix.rows.sort(ROW)
    decoded = (rows.get_column(EXTRA).str.json_decode(pl.Struct([pl.Field(h, pl.String) for h in set(extras.values())]))
               if extras else None)
    by_row: dict[int, list[tuple[str, str]]] = {}
    for r, col, code in fix.reasons.select(ROW, "column_name", "reason_code").iter_rows():
        by_row.setdefault(r, []).append((col, code))
    columns = {name: rows.get_column(name).to_list() for name in match.positions}
    extra_values = {h: decoded.struct.field(h).to_list() for h in set(extras.values())} if extras else {}
    named = {p: c for c, p in match.positions.items()}
    body, marks = [], []
    for n, row_number in enumerate(rows.get_column(ROW).to_list()):
        cells = []
        for i in range(len(headers)):
            name = named.get(i)
            cells.append(columns[name][n] if name else extra_values[extras[i]][n] if i in extras else None)
        hits = by_row.get(row_number, [])
        codes = list(dict.fromkeys(code for _, code in hits))
        cells += [fix.rel_path, row_number, "; ".join(codes), "；".join(message_zh(c) for c in codes)]
        body.append(cells)
        marks.append({match.positions[col] for col, _ in hits if col in match.positions})
    return headers + EXTRA_HEADERS, body, marks


def sheet_name(rel_path: str, taken: set[str]) -> str:
    """A worksheet name for a file: its name without what Excel forbids, at most 31 characters, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", Path(rel_path).stem)[:31] or "sheet"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[:31 - len(str(n)) - 1]}~{n}"
    taken.add(name.casefold())
    return name


def write_xlsx(fixes: list[FileFix], summary: list[Summary], out: Path) -> None:
    """One sheet per file with rejected rows (in the given order), then the summary; every cell as text."""
    workbook = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False, "strings_to_numbers": False,
                                              "strings_to_urls": False})
    bold = workbook.add_format({"bold": True})
    extra_head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
    bad = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    taken: set[str] = set()
    for fix in fixes:
        headers, body, marks = sheet_cells(fix)
        sheet = workbook.add_worksheet(sheet_name(fix.rel_path, taken))
        first_extra = len(headers) - len(EXTRA_HEADERS)
        for c, h in enumerate(headers):
            sheet.write_string(0, c, h, extra_head if c >= first_extra else bold)
        for r, (cells, marked) in enumerate(zip(body, marks), 1):
            for c, value in enumerate(cells):
                if isinstance(value, int):
                    sheet.write_number(r, c, value)
                elif value is not None:
                    sheet.write_string(r, c, str(value), bad if c in marked else None)
                elif c in marked:
                    sheet.write_blank(r, c, None, bad)
        sheet.freeze_panes(1, 0)
    sheet = workbook.add_worksheet(sheet_name("汇总 summary", taken))
    for c, h in enumerate(SUMMARY_HEADERS):
        sheet.write_string(0, c, h, bold)
    for r, line in enumerate(summary, 1):
        for c, value in enumerate(line.cells()):
            (sheet.write_number if isinstance(value, int) else sheet.write_string)(r, c, value)
    sheet.freeze_panes(1, 0)
    workbook.close()


def _write_csv_rows(out: Path, header: list[str], rows: list[list]) -> None:
    """UTF-8 with BOM, so that Excel on an officer's machine shows the Chinese correctly."""
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows([as_text(v) for v in row] for row in rows)


def write_csv(fixes: list[FileFix], summary: list[Summary], out: Path) -> list[Path]:
    """One file's rows: `out`, in the same columns. Several files: `out` holds the summary and each file's
    rows go beside it as `<out stem>__<source>__<file stem>.csv`. Returns the paths written."""
    if len(fixes) == 1:
        headers, body, _ = sheet_cells(fixes[0])
        _write_csv_rows(out, headers, body)
        return [out]
    if not fixes:
        _write_csv_rows(out, EXTRA_HEADERS, [])
        return [out]
    written = [out]
    _write_csv_rows(out, SUMMARY_HEADERS, [line.cells() for line in summary])
    for fix in fixes:
        headers, body, _ = sheet_cells(fix)
        path = out.with_name(f"{out.stem}__{fix.source}__{Path(fix.rel_path).stem}.csv")
        _write_csv_rows(path, headers, body)
        written.append(path)
    return written


def write_workbook(fixes: list[FileFix], summary: list[Summary], out: Path) -> list[Path]:
    """The correction workbook at `out` (.xlsx, else CSV as `write_csv` says); the paths written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        write_xlsx(fixes, summary, out)
        return [out]
    return write_csv(fixes, summary, out)

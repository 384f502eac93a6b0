"""Reading a CSV submission: its encoding (encoding.py), its header, then its rows in chunks."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl

from pipelines.ingest.errors import FileRejected
from pipelines.ingest.read.encoding import detect_encoding, utf8_copy
from pipelines.ingest.read.headers import MAX_HEADER_SEARCH_ROWS, find_header
from pipelines.ingest.read.sheet import Sheet, shape_rows
from pipelines.ingest.specs import Source

MAX_BATCH = 1 << 30  # Polars wants a finite chunk size
# No header line is this long; reading such a line whole to look for a header would only waste memory.
MAX_LINE_CHARS = 1 << 20
# Python's csv field limit: an Excel cell holds at most 32,767 characters, so a longer cell is a broken file.
MAX_CELL_BYTES = 131_072


def _head_rows(path: Path, encoding: str) -> tuple[list[list[str]], list[int]]:
    """The first rows of the file, parsed as CSV, for finding the header; with the line each row ends on.

    FileRejected('unreadable') when a line or a cell is far longer than any header (a broken export).
    """
    with path.open("r", encoding=encoding, newline="") as fh:
        reader = csv.reader(_bounded_lines(fh))
        rows, ends = [], []
        try:
            for row in reader:
                rows.append(row)
                ends.append(reader.line_num)
                if len(rows) >= MAX_HEADER_SEARCH_ROWS:
                    break
        except csv.Error as exc:
            raise FileRejected("unreadable", f"第 {reader.line_num + 1} 行无法按 CSV 读取 (line {reader.line_num + 1} "
                                             f"cannot be read as CSV: {exc})") from exc
    return rows, ends


def _bounded_lines(fh) -> Iterator[str]:
    """The file's lines, refusing one longer than MAX_LINE_CHARS (it would be read whole into memory)."""
    for number, line in enumerate(iter(lambda: fh.readline(MAX_LINE_CHARS + 1), ""), 1):
        if len(line) > MAX_LINE_CHARS:
            raise FileRejected("unreadable", f"第 {number} 行超过 {MAX_LINE_CHARS} 个字符，文件可能已损坏 (line {number} "
                                             f"is longer than {MAX_LINE_CHARS} characters: a broken export?)")
        yield line


def read_csv(path: Path, source: Source) -> Sheet:
    """The file's header found and checked, its rows to be read in chunks; FileRejected with the reason."""
    encoding = detect_encoding(path)
    rows, ends = _head_rows(path, encoding)
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise FileRejected("empty", "文件没有内容 (the file is empty)")
    header = find_header(rows, source)
    if header.missing:
        _refuse_nul_bytes(rows, ends)
        raise FileRejected("missing_column", missing_detail(header.missing, source))
    # Lines above the header (title and blank rows) as csv.reader saw them.
    lines_before = ends[header.row_index - 1] if header.row_index else 0
    tmp = None if encoding.startswith("utf-8") else tempfile.TemporaryDirectory(prefix="unionpipe-")
    readable = path if tmp is None else utf8_copy(path, encoding, tmp.name)

    def chunks(size: int) -> Iterator[pl.DataFrame]:
        scan = pl.scan_csv(
            readable, has_header=False, skip_rows=lines_before + 1, infer_schema=False,
            new_columns=[f"c{i}" for i in range(len(header.headers))], truncate_ragged_lines=True,
            quote_char='"', encoding="utf8", raise_if_empty=False,
        )
        first = lines_before + 2
        for raw in _batches(scan, size, lambda: _first_broken_record(readable, lines_before + 1)):
            _refuse_huge_cells(raw, first)
            yield shape_rows(raw, header, first, source)
            first += raw.height

    return Sheet(header, lines_before + 1, encoding, chunks, tmp.cleanup if tmp else lambda: None)


def _batches(scan: pl.LazyFrame, size: int, where: Callable[[], str]) -> Iterator[pl.DataFrame]:
    """The rows of a scan, `size` at a time (streamed: memory stays flat); FileRejected if unparsable.

    `where()` says where parsing broke, in the officer's terms (asked only when it did).
    """
    try:
        for batch in scan.collect_batches(chunk_size=min(size, MAX_BATCH)):
            if batch.height:
                yield batch
    except pl.exceptions.ComputeError as exc:
        raise FileRejected("unreadable", f"CSV 无法解析 (cannot be parsed as CSV): {where()}") from exc


def _first_broken_record(path: Path, lines_before: int) -> str:
    """Where strict CSV parsing first fails below the header, e.g. at a quote that is never closed."""
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        for _ in range(lines_before):
            fh.readline()
        reader = csv.reader(fh, strict=True)
        start = lines_before + 1
        try:
            for _ in reader:
                start = lines_before + reader.line_num + 1
        except csv.Error as exc:
            return (f"第 {start} 行起的一条记录无法解析，常见原因是引号未闭合 (the record starting at line {start}: "
                    f"{exc}; an unclosed quote?)")
        fh.seek(0)
        for number, line in enumerate(iter(lambda: fh.readline(MAX_LINE_CHARS), ""), 1):
            if number > lines_before and line.count('"') % 2:
                return f"第 {number} 行的引号不成对 (line {number} has an unpaired quote)"
    return "未能定位出错的行 (the broken line could not be located)"


def _refuse_huge_cells(raw: pl.DataFrame, first: int) -> None:
    """FileRejected when a cell is longer than any real value can be (a broken export or a runaway quote)."""
    longest = raw.select(pl.max_horizontal(pl.all().str.len_bytes().max())).item()
    if longest is None or longest <= MAX_CELL_BYTES:
        return
    at = first + raw.select(pl.any_horizontal(pl.all().str.len_bytes() > MAX_CELL_BYTES).arg_max()).item()
    raise FileRejected("unreadable", f"第 {at} 行有超过 {MAX_CELL_BYTES} 字节的单元格，文件可能已损坏 "
                                     f"(line {at} has a cell of more than {MAX_CELL_BYTES} bytes: a broken export?)")


def _refuse_nul_bytes(rows: list[list[str]], ends: list[int]) -> None:
    """FileRejected when the rows searched for a header hold NUL bytes (a binary or UTF-16 file, not text)."""
    for row, end in zip(rows, ends):
        if any("\x00" in cell for cell in row):
            raise FileRejected("unreadable", f"第 {end} 行含有 NUL 空字节，不是文本 CSV (line {end} holds NUL bytes: "
                                             "not a text CSV; save it again as CSV UTF-8)")


def missing_detail(missing: list[str], source: Source) -> str:
    """The located message for missing required columns, Chinese names first."""
    names = "、".join(f"{source.column(c).zh}({c})" for c in missing)
    return f"缺少必填列：{names} (missing required column)"

"""Reading a CSV submission: its encoding (encoding.py), its header, then its rows in chunks."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipelines.ingest.encoding import detect_encoding, utf8_copy
from pipelines.ingest.errors import FileRejected
from pipelines.ingest.headers import MAX_HEADER_SEARCH_ROWS, find_header
from pipelines.ingest.sheet import Sheet, shape_rows
from pipelines.ingest.specs import Source

MAX_BATCH = 1 << 30  # Polars wants a finite chunk size


def _head_rows(path: Path, encoding: str) -> list[list[str]]:
    """The first rows of the file, parsed as CSV, for finding the header."""
    with path.open("r", encoding=encoding, newline="") as fh:
        reader = csv.reader(fh)
        rows = []
        for row in reader:
            rows.append(row)
            if len(rows) >= MAX_HEADER_SEARCH_ROWS:
                break
    return rows


def read_csv(path: Path, source: Source) -> Sheet:
    """The file's header found and checked, its rows to be read in chunks; FileRejected with the reason."""
    encoding = detect_encoding(path)
    rows = _head_rows(path, encoding)
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise FileRejected("empty", "文件没有内容 (the file is empty)")
    header = find_header(rows, source)
    if header.missing:
        raise FileRejected("missing_column", missing_detail(header.missing, source))
    # Lines above the header (title and blank rows) as csv.reader saw them.
    lines_before = _lines_before(path, encoding, header.row_index)
    tmp = None if encoding.startswith("utf-8") else tempfile.TemporaryDirectory(prefix="unionpipe-")
    readable = path if tmp is None else utf8_copy(path, encoding, tmp.name)

    def chunks(size: int) -> Iterator[pl.DataFrame]:
        scan = pl.scan_csv(
            readable, has_header=False, skip_rows=lines_before + 1, infer_schema=False,
            new_columns=[f"c{i}" for i in range(len(header.headers))], truncate_ragged_lines=True,
            quote_char='"', encoding="utf8", raise_if_empty=False,
        )
        first = lines_before + 2
        for raw in _batches(scan, size):
            yield shape_rows(raw, header, first, source)
            first += raw.height

    return Sheet(header, lines_before + 1, encoding, chunks, tmp.cleanup if tmp else lambda: None)


def _batches(scan: pl.LazyFrame, size: int) -> Iterator[pl.DataFrame]:
    """The rows of a scan, `size` at a time (streamed: memory stays flat); FileRejected if unparsable."""
    try:
        for batch in scan.collect_batches(chunk_size=min(size, MAX_BATCH)):
            if batch.height:
                yield batch
    except pl.exceptions.ComputeError as exc:
        raise FileRejected("unreadable", f"CSV 无法解析 (cannot be parsed as CSV): {exc}") from exc


def _lines_before(path: Path, encoding: str, row_index: int) -> int:
    """How many physical lines stand above the header row (a quoted cell may span lines)."""
    with path.open("r", encoding=encoding, newline="") as fh:
        reader = csv.reader(fh)
        for _ in range(row_index):
            next(reader)
        return reader.line_num


def missing_detail(missing: list[str], source: Source) -> str:
    """The located message for missing required columns, Chinese names first."""
    names = "、".join(f"{source.column(c).zh}({c})" for c in missing)
    return f"缺少必填列：{names} (missing required column)"

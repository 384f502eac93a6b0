"""Reading a CSV submission: detect UTF-8 / UTF-8 BOM / GB18030, find the header, read in bulk."""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from pathlib import Path

import polars as pl

from pipelines.ingest.errors import FileRejected
from pipelines.ingest.headers import MAX_HEADER_SEARCH_ROWS, find_header
from pipelines.ingest.sheet import Sheet, shape_rows
from pipelines.ingest.specs import Source

CHUNK = 1 << 22
ENCODINGS = ("utf-8", "gb18030")  # GB18030 is a superset of GBK and GB2312
ZIP_MAGIC = b"PK\x03\x04"


def detect_encoding(path: Path) -> str:
    """'utf-8-sig', 'utf-8' or 'gb18030': the first that decodes the whole file, read in chunks."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(ZIP_MAGIC):
        raise FileRejected("unreadable", "文件是压缩包或 Excel 文件，却以 .csv 命名 (a zip/XLSX file named .csv)")
    for encoding in ENCODINGS:
        if _decodes(path, encoding):
            if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            return encoding
    raise FileRejected("bad_encoding", "文件编码既不是 UTF-8 也不是 GB18030 (neither UTF-8 nor GB18030)")


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


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


def _utf8_copy(path: Path, encoding: str, folder: str) -> Path:
    """A UTF-8 transcoding of a GB18030 file, streamed, so Polars can read it in bulk."""
    target = Path(folder) / "utf8.csv"
    with path.open("r", encoding=encoding, newline="") as src, target.open("w", encoding="utf-8", newline="") as dst:
        for chunk in iter(lambda: src.read(CHUNK), ""):
            dst.write(chunk)
    return target


def read_csv(path: Path, source: Source) -> Sheet:
    """The rows of a CSV file under canonical names, or FileRejected with the reason."""
    encoding = detect_encoding(path)
    rows = _head_rows(path, encoding)
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise FileRejected("empty", "文件没有内容 (the file is empty)")
    header = find_header(rows, source)
    if header.missing:
        raise FileRejected("missing_column", missing_detail(header.missing, source))
    # Lines above the header (title and blank rows) as csv.reader saw them.
    lines_before = _lines_before(path, encoding, header.row_index)
    with tempfile.TemporaryDirectory(prefix="unionpipe-") as tmp:
        readable = path if encoding.startswith("utf-8") else _utf8_copy(path, encoding, tmp)
        try:
            raw = pl.read_csv(
                readable, has_header=False, skip_rows=lines_before + 1, infer_schema=False,
                new_columns=[f"c{i}" for i in range(len(header.headers))],
                truncate_ragged_lines=True, quote_char='"', encoding="utf8",
                raise_if_empty=False,
            )
        except pl.exceptions.ComputeError as exc:
            raise FileRejected("unreadable", f"CSV 无法解析 (cannot be parsed as CSV): {exc}") from exc
    frame = shape_rows(raw, header, lines_before + 2, source)
    return Sheet(frame, header, lines_before + 1, encoding)


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

"""The parse-only baseline of the mixed forms: decode and split every file into text cells, nothing else.

CSV: UTF-8 (with or without BOM), else GB18030 decoded in Python, then Polars with every column as
text; title and blank lines above the header (lines without a comma) are skipped. XLSX: the first
sheet through fastexcel, no header. No header matching, typing, rules or writing.

Usage: python benchmarks/parse_only.py RAW_DIR COUNTS_JSON
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import fastexcel
import polars as pl

BOM = b"\xef\xbb\xbf"


def utf8_bytes(raw: bytes) -> tuple[bytes, str]:
    """The file's text as UTF-8 bytes without a BOM, and the encoding it was in."""
    try:
        raw.decode("utf-8")
        return raw.removeprefix(BOM), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("gb18030").encode("utf-8"), "gb18030"


def leading_titles(text: bytes) -> int:
    """How many lines at the top hold no comma (title rows and blank rows above the header)."""
    n = 0
    for line in text.split(b"\n", 50)[:50]:
        if b"," in line:
            return n
        n += 1
    return n


def parse_csv(path: Path) -> tuple[int, str]:
    """Rows of one CSV file as text cells, and its encoding."""
    text, encoding = utf8_bytes(path.read_bytes())
    frame = pl.read_csv(io.BytesIO(text), skip_lines=leading_titles(text), infer_schema=False,
                        truncate_ragged_lines=True)
    return frame.height, encoding


def parse_xlsx(path: Path) -> int:
    """Rows (title and header rows included) of the first worksheet."""
    return fastexcel.read_excel(path).load_sheet(0, header_row=None).to_polars().height


def main(raw: Path, counts: Path) -> None:
    """Parse every CSV and XLSX under raw/<source>/ and write per-form file and row counts."""
    out: dict[str, dict[str, int]] = {}
    for path in sorted(raw.glob("*/*")):
        suffix = path.suffix.lower()
        if suffix == ".csv":
            rows, form = parse_csv(path)
        elif suffix == ".xlsx":
            rows, form = parse_xlsx(path), "xlsx"
        else:
            continue
        entry = out.setdefault(form, {"files": 0, "rows": 0, "bytes": 0})
        entry["files"] += 1
        entry["rows"] += rows
        entry["bytes"] += path.stat().st_size
    counts.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

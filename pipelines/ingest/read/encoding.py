"""Which encoding a CSV file is in: UTF-8 (with or without BOM) or GB18030, checked over every byte.

UTF-8 is checked by Arrow's validator over the file's bytes as they are (no decoding to Python
strings), several times faster than Python's decoder; GB18030 (a superset of GBK and GB2312) is
checked by Python's, and such a file is transcoded to UTF-8 for Polars.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipelines.ingest.errors import FileRejected

CHUNK = 1 << 24
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # an old-format .xls, or any password-protected workbook
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def detect_encoding(path: Path) -> str:
    """'utf-8-sig', 'utf-8' or 'gb18030': the first that decodes the whole file."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(ZIP_MAGIC):
        raise FileRejected("unreadable", "文件是压缩包或 Excel 文件，却以 .csv 命名 (a zip/XLSX file named .csv)")
    if head.startswith(OLE_MAGIC):
        raise FileRejected("unreadable", "文件是旧版 Excel（.xls）或加密的工作簿，却以 .csv 命名 "
                                         "(an old-format .xls or encrypted workbook named .csv)")
    if head.startswith(UTF16_BOMS):
        raise FileRejected("bad_encoding", "文件是 UTF-16 编码 (UTF-16: save it again as CSV UTF-8)")
    if is_utf8(path):
        return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    if _decodes(path, "gb18030"):
        return "gb18030"
    raise FileRejected("bad_encoding", "文件编码既不是 UTF-8 也不是 GB18030 (neither UTF-8 nor GB18030)")


def is_utf8(path: Path) -> bool:
    """True when every byte sequence of the file is valid UTF-8."""
    carry = b""
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            data = carry + chunk if carry else chunk
            cut = _last_boundary(data)
            carry = data[cut:]
            if not _valid(data, cut):
                return False
    return _valid(carry, len(carry))


def _last_boundary(data: bytes) -> int:
    """Where the last, possibly incomplete, character starts (or the end, when it ends on ASCII)."""
    i, back = len(data) - 1, 0
    while i >= 0 and back < 3 and data[i] & 0xC0 == 0x80:
        i, back = i - 1, back + 1
    return i if i >= 0 and data[i] >= 0xC0 else len(data)


def _valid(data: bytes, length: int) -> bool:
    """Whether data[:length] is valid UTF-8 (Arrow validates a one-string array over the bytes in place)."""
    offsets = pa.py_buffer(np.array([0, length], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


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


def utf8_copy(path: Path, encoding: str, folder: str) -> Path:
    """A UTF-8 transcoding of a GB18030 file, streamed, so Polars can read it in bulk."""
    target = Path(folder) / "utf8.csv"
    with path.open("r", encoding=encoding, newline="") as src, target.open("w", encoding="utf-8", newline="") as dst:
        for chunk in iter(lambda: src.read(CHUNK), ""):
            dst.write(chunk)
    return target

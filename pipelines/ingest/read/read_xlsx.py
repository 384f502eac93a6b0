"""Reading an XLSX submission: the first worksheet, header found below any title rows, Excel dates kept."""

from __future__ import annotations

from pathlib import Path

import fastexcel
import polars as pl

from pipelines.ingest.errors import FileRejected, is_file_failure, one_line
from pipelines.ingest.read.encoding import OLE_MAGIC, ZIP_MAGIC
from pipelines.ingest.read.headers import MAX_HEADER_SEARCH_ROWS, find_header
from pipelines.ingest.read.read_csv import missing_detail
from pipelines.ingest.read.sheet import Sheet, shape_rows
from pipelines.ingest.specs import Source

# fastexcel renders a date/time cell read as text in this form; a number or text cell never looks so.
EXCEL_DATETIME_TEXT = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"


def read_xlsx(path: Path, source: Source) -> Sheet:
    """The rows of the first worksheet under canonical names, or FileRejected with the reason."""
    _refuse_non_workbook(path)
    try:
        reader = fastexcel.read_excel(path)
        # skip_rows=0 keeps leading blank rows, so index + 1 is the sheet row the officer sees.
        text = reader.load_sheet(0, header_row=None, skip_rows=0, dtypes="string").to_polars()
        stamps = reader.load_sheet(0, header_row=None, skip_rows=0, dtypes="datetime").to_polars()
    except BaseException as exc:  # calamine raises several types (or panics) for a file that is not a workbook
        if not is_file_failure(exc):
            raise
        raise FileRejected("unreadable", f"无法作为 Excel 工作簿打开，文件可能不完整 (cannot be opened as XLSX: "
                                         f"{one_line(exc)})") from exc
    if text.height == 0:
        raise FileRejected("empty", "工作表没有内容 (the first worksheet is empty)")
    head = [list(r) for r in text.head(MAX_HEADER_SEARCH_ROWS).iter_rows()]
    header = find_header(head, source)
    if header.missing:
        raise FileRejected("missing_column", missing_detail(header.missing, source))
    start = header.row_index + 1
    data, shadow = text.slice(start), stamps.slice(start)
    # A shadow value counts only where the cell really was a date/time cell (numbers read as dates too).
    shadow = shadow.with_columns(
        pl.when(data.get_column(c).str.contains(EXCEL_DATETIME_TEXT)).then(pl.col(c)).alias(c)
        for c in shadow.columns
    )
    frame = shape_rows(data, header, start + 1, source, shadows=shadow)
    # A worksheet is read whole (at most 1,048,576 rows); it is handed on in slices like a CSV file.
    return Sheet(header, start, "xlsx", lambda size: frame.iter_slices(min(size, max(frame.height, 1))))


def _refuse_non_workbook(path: Path) -> None:
    """FileRejected, saying what the file is, when its first bytes are not those of an XLSX (a zip)."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(ZIP_MAGIC):
        return
    if head.startswith(OLE_MAGIC):
        what = "文件是旧版 Excel（.xls）或加密的工作簿，请另存为 .xlsx 且不设密码 (an old-format .xls or encrypted workbook)"
    elif not head:
        raise FileRejected("empty", "文件没有内容 (the file is empty)")
    else:
        what = "文件不是 Excel 工作簿，可能是改了扩展名的 CSV 或文本 (not a workbook: a CSV or text file renamed .xlsx?)"
    raise FileRejected("unreadable", what)

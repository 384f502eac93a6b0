"""How each file looks: format and encoding, header language and order, title rows, name.

`mixed` turns through XLSX, GB18030, UTF-8 and UTF-8-with-BOM file by file (XLSX only for files of
at most XLSX_MAX_ROWS rows); `csv-utf8` is one plain form: UTF-8 CSV, English headers in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from pipelines.ingest.specs import Source

FORMATS = ("mixed", "csv-utf8")
TURNS = ("xlsx", "gb18030", "utf-8", "utf-8-sig")
XLSX_MAX_ROWS = 5000
REMARKS = ("备注", ["", "", "已核实", "待补充"])
NAMES = {  # free text of file names: first (full) batch, later batches
    "regions": (["组织机构"], ["组织机构"]),
    "units": (["基层单位建会情况全量", "units_full"], ["基层单位建会情况", "units", "建会情况月报"]),
    "members": (["会员实名登记全量", "members_full"], ["会员增减变动", "members", "会员实名登记月报"]),
    "mediation": (["劳动争议调解台账", "mediation"], ["劳动争议调解台账", "mediation", "调解案件月报"]),
    "grievances": (["职工维权诉求台账", "grievances"], ["职工维权诉求台账", "12351热线工单", "grievances"]),
}
TITLES = {"regions": "{county}工会组织机构表", "units": "基层单位建会情况表（{period}）",
          "members": "会员实名登记表（{period}）", "mediation": "劳动争议调解案件台账（{period}）",
          "grievances": "职工维权诉求台账（{period}）"}
PADS = ["", "", "", "", " ", "　", "  "]


@dataclass(frozen=True)
class FileStyle:
    """The look of one file."""

    fmt: str  # csv | xlsx
    encoding: str  # utf-8 | utf-8-sig | gb18030 ("xlsx" for workbooks)
    columns: tuple[str, ...]  # canonical names in file order (and REMARKS[0] when remarks)
    headers: tuple[str, ...]  # the header cells as written
    title: str | None
    remarks: bool  # an extra 备注 column (unknown to the contract: kept raw, ignored)
    newline: str
    varied: bool
    name: str  # file name, with the batch date and suffix


def _headers(source: Source, columns: list[str], lang: str, rng: np.random.Generator) -> list[str]:
    """Header cells: English or Chinese (per file, or per column when mixed), some padded with spaces."""
    by_name = {c.name: c for c in source.columns}
    out = []
    for col in columns:
        zh = lang == "zh" or (lang == "mixed" and rng.random() < 0.5)
        out.append(PADS[rng.integers(len(PADS))] + (by_name[col].zh if zh else col) + PADS[rng.integers(len(PADS))])
    return out


def choose_style(source: Source, columns: list[str], batch: date, first: bool, turn: int, rows: int,
                 formats: str, rng: np.random.Generator, county_name: str, as_of: date,
                 name_text: str | None = None) -> FileStyle:
    """The style of a file of `rows` rows; `turn` counts files so the forms take turns."""
    stamp = batch.strftime("%Y%m%d")
    if formats == "csv-utf8":
        return FileStyle("csv", "utf-8", tuple(columns), tuple(columns), None, False, "\n", False,
                         f"{stamp}_{source.name}.csv")
    form = TURNS[turn % len(TURNS)]
    if form == "xlsx" and rows > XLSX_MAX_ROWS:
        form = "utf-8"
    order = [columns[i] for i in rng.permutation(len(columns))]
    langs = ["zh"] if form == "xlsx" else (["zh", "mixed"] if form == "gb18030" else ["en", "zh", "mixed"])
    headers = _headers(source, order, langs[rng.integers(len(langs))], rng)
    remarks = rng.random() < 0.6
    if remarks:  # an extra column the contract does not know: kept raw, ignored downstream
        order.append(REMARKS[0])
        headers.append(REMARKS[0])
    title = TITLES[source.name].format(county=county_name, period=f"{as_of.year}年{as_of.month}月")
    texts = NAMES[source.name][0 if first else 1]
    text = name_text or texts[rng.integers(len(texts))]
    fmt = "xlsx" if form == "xlsx" else "csv"
    return FileStyle(
        fmt, form if fmt == "csv" else "xlsx", tuple(order), tuple(headers),
        title if fmt == "xlsx" or rng.random() < 0.15 else None, remarks,
        "\r\n" if rng.random() < 0.3 else "\n", True, f"{stamp}_{text}.{fmt}",
    )

"""Builders for landing-zone fixtures: a tiny county's regions and files in every form the standard allows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

COUNTY = "140431"
TOWN_A, TOWN_B, SYSTEM = "140431100", "140431101", "140431S01"
VILLAGE_A1, VILLAGE_B1 = "140431100201", "140431101201"

REGIONS = [
    ["代码", "名称", "层级", "上级代码"],
    [COUNTY, "示例县", "县", ""],
    [TOWN_A, "城关镇", "乡镇", COUNTY],
    [TOWN_B, "和合乡", "township", COUNTY],
    [SYSTEM, "教育系统", "系统", COUNTY],
    [VILLAGE_A1, "东村", "村", TOWN_A],
    [VILLAGE_B1, "西村", "village", TOWN_B],
]

UNIT_HEADER = ["统一社会信用代码", "单位名称", "所属乡镇（系统）", "单位类型", "所在村", "职工人数", "农民工人数",
               "是否建会", "建会日期", "会员人数", "报告日期", "单位状态"]
MEMBER_HEADER = ["身份证号", "姓名", "性别", "职工类别", "工作单位代码", "户籍村", "入会日期", "离会日期", "维权卡号", "联系电话"]
MEDIATION_HEADER = ["案件编号", "受理日期", "受理乡镇（系统）", "用人单位代码", "争议类型", "涉及人数", "涉案金额",
                    "调解结果", "结案日期", "调解金额", "申请人身份证号"]
GRIEVANCE_HEADER = ["工单编号", "来源渠道", "受理时间", "承办乡镇（系统）", "涉及单位代码", "诉求类型", "首次响应时间",
                    "办结时间", "是否解决", "满意度", "投诉人身份证号", "投诉人电话"]

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def uscc(body17: str) -> str:
    """A valid credit code from its first 17 characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return body17 + USCC_ALPHABET[(31 - total % 31) % 31]


def id_number(birth: str, seq: str = "123") -> str:
    """A valid ID number of the county for a birth date 'YYYYMMDD' and a 3-digit sequence (odd = male)."""
    body = COUNTY + birth + seq
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8", title: str | None = None) -> Path:
    """A CSV in the given encoding ('utf-8', 'utf-8-sig', 'gb18030'), optionally with a title and blank row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ([title, ""] if title else []) + [",".join(_csv_cell(c) for c in r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f'"{text}"' if any(ch in text for ch in ',"\n') else text


def write_xlsx(path: Path, rows: list[list[object]], title: str | None = "示例表") -> Path:
    """An XLSX whose first sheet has a title row and a blank row above the header; datetimes become date cells."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    stamp_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    start = 0
    if title:
        ws.write_string(0, 0, title)
        start = 2
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                ws.write_datetime(start + r, c, value, stamp_fmt)
            elif isinstance(value, dt.date):
                ws.write_datetime(start + r, c, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(start + r, c, value)
            elif value is not None:
                ws.write_string(start + r, c, str(value))
    wb.close()
    return path


def landing(root: Path) -> Path:
    """An empty landing zone with the regions of the tiny county already in place."""
    raw = root / "raw"
    for source in ("regions", "units", "members", "mediation", "grievances"):
        (raw / source).mkdir(parents=True, exist_ok=True)
    write_xlsx(raw / "regions" / "20260101_组织机构.xlsx", REGIONS, title="组织机构表")
    return raw

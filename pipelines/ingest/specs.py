"""The declaration of every source: its columns, types, Chinese headers, enumerations and keys.

This table drives the header matching, the parsers, the quarantine messages and the docs; the row
rules that relate several columns live in `judge/rules.py`, keyed by the same source names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DISPUTE_TYPES = {
    "wages": "劳动报酬", "social_insurance": "社会保险", "contract": "劳动合同",
    "injury": "工伤", "hours": "工时休假", "other": "其他",
}


@dataclass(frozen=True)
class Column:
    """One column of a source: canonical name, Chinese header, type and how it is guarded."""

    name: str
    zh: str
    kind: str  # text | code | date | datetime | integer | amount | boolean | enum | id_number | uscc
    required: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # enum code -> Chinese label
    personal: str | None = None  # id | name | phone: hashed and/or masked past raw
    minimum: float | None = None
    key_as: str | None = None  # personal ids: the column holding their keyed hash past raw
    mask_as: str | None = None  # personal data: the column holding the masked display value


@dataclass(frozen=True)
class Source:
    """A source of files under raw/<name>/: its columns and its key."""

    name: str
    zh: str
    key: str
    columns: tuple[Column, ...]
    keep_versions: bool = False  # units: every version is kept for as-of queries

    @property
    def required(self) -> list[str]:
        """Names of the columns a file must have."""
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        """The column called `name`."""
        return next(c for c in self.columns if c.name == name)


REGIONS = Source("regions", "组织机构", "code", (
    Column("code", "代码", "code", required=True),
    Column("name", "名称", "text", required=True),
    Column("level", "层级", "enum", required=True,
           labels={"county": "县", "township": "乡镇", "system": "系统", "village": "村"}),
    Column("parent_code", "上级代码", "code"),
))

UNITS = Source("units", "基层单位建会情况", "uscc", (
    Column("uscc", "统一社会信用代码", "uscc", required=True),
    Column("name", "单位名称", "text", required=True),
    Column("org_code", "所属乡镇（系统）", "code", required=True),
    Column("unit_type", "单位类型", "enum", required=True, labels={
        "enterprise": "企业", "institution": "事业单位", "government": "机关",
        "village": "村", "social_org": "社会组织"}),
    Column("village_code", "所在村", "code"),
    Column("employees", "职工人数", "integer", required=True, minimum=0),
    Column("migrant_employees", "农民工人数", "integer", minimum=0),
    Column("has_union", "是否建会", "boolean", required=True),
    Column("union_founded", "建会日期", "date"),
    Column("members", "会员人数", "integer", required=True, minimum=0),
    Column("report_date", "报告日期", "date", required=True),
    Column("status", "单位状态", "enum", labels={"active": "存续", "closed": "注销"}),
), keep_versions=True)

MEMBERS = Source("members", "会员实名登记", "id_number", (
    Column("id_number", "身份证号", "id_number", required=True, personal="id",
           key_as="member_key", mask_as="id_masked"),
    Column("name", "姓名", "text", required=True, personal="name", mask_as="name_masked"),
    Column("gender", "性别", "enum", labels={"M": "男", "F": "女"}),
    Column("category", "职工类别", "enum", required=True, labels={
        "cadre": "干部", "worker": "职工", "contract": "合同工", "migrant": "农民工", "outside": "外来工"}),
    Column("unit_uscc", "工作单位代码", "uscc"),
    Column("village_code", "户籍村", "code"),
    Column("joined", "入会日期", "date", required=True),
    Column("left", "离会日期", "date"),
    Column("card_no", "维权卡号", "text"),
    Column("phone", "联系电话", "text", personal="phone", mask_as="phone_masked"),
))

MEDIATION = Source("mediation", "劳动争议调解案件台账", "case_no", (
    Column("case_no", "案件编号", "text", required=True),
    Column("received", "受理日期", "date", required=True),
    Column("org_code", "受理乡镇（系统）", "code", required=True),
    Column("employer_uscc", "用人单位代码", "uscc"),
    Column("dispute_type", "争议类型", "enum", required=True, labels=DISPUTE_TYPES),
    Column("workers", "涉及人数", "integer", required=True, minimum=1),
    Column("amount_claimed", "涉案金额", "amount", minimum=0),
    Column("outcome", "调解结果", "enum", required=True, labels={
        "pending": "在办", "success": "调解成功", "failed": "调解不成",
        "withdrawn": "撤回", "transferred": "转仲裁"}),
    Column("closed", "结案日期", "date"),
    Column("amount_agreed", "调解金额", "amount", minimum=0),
    Column("applicant_id", "申请人身份证号", "id_number", personal="id",
           key_as="applicant_key", mask_as="applicant_masked"),
))

GRIEVANCES = Source("grievances", "职工维权诉求", "ticket_no", (
    Column("ticket_no", "工单编号", "text", required=True),
    Column("channel", "来源渠道", "enum", required=True, labels={
        "hotline": "12351热线", "visit": "来访", "letter": "来信", "online": "网上", "card": "维权卡"}),
    Column("received_at", "受理时间", "datetime", required=True),
    Column("org_code", "承办乡镇（系统）", "code", required=True),
    Column("employer_uscc", "涉及单位代码", "uscc"),
    Column("topic", "诉求类型", "enum", required=True, labels=DISPUTE_TYPES),
    Column("responded_at", "首次响应时间", "datetime"),
    Column("closed_at", "办结时间", "datetime"),
    Column("resolved", "是否解决", "boolean"),
    Column("satisfaction", "满意度", "enum", labels={
        "satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意", "none": "未评价"}),
    Column("complainant_id", "投诉人身份证号", "id_number", personal="id",
           key_as="complainant_key", mask_as="complainant_masked"),
    Column("complainant_phone", "投诉人电话", "text", personal="phone",
           mask_as="complainant_phone_masked"),
))

SOURCES: dict[str, Source] = {s.name: s for s in (REGIONS, UNITS, MEMBERS, MEDIATION, GRIEVANCES)}

# Regions first: the others' references are checked against it.
LOAD_ORDER = ("regions", "units", "members", "mediation", "grievances")

"""The suites, one per table: every check of the gate, blocking or warning, with its rule in Chinese."""

from __future__ import annotations

from pipelines.validate.check import BLOCKING, WARNING, Check

TABLE_SUITES = ("core.regions", "core.units", "core.members", "core.mediation", "core.grievances")
PERIOD_SUITE = "marts.indicators"
# The township/system each source's rows are counted under, for the volume floor.
VOLUME_COUNTS = {
    "units": "volume_counts_org.sql",
    "members": "volume_counts_members.sql",
    "mediation": "volume_counts_org.sql",
    "grievances": "volume_counts_org.sql",
}


def _b(suite: str, name: str, measure: str, zh: str, sql: str | None = None, **kw) -> Check:
    """A blocking check; its SQL file is named after it unless shared."""
    return Check(suite, name, BLOCKING, measure, zh, sql or f"{suite.replace('.', '_')}__{name}.sql", **kw)


def _org(suite: str, what: str) -> Check:
    return _b(suite, "org_resolves", "rows whose org_code is not a township or system of core.regions",
              f"{what}须是组织机构表中的乡镇或系统", "org_resolves.sql")


def _village(suite: str, what: str) -> Check:
    return _b(suite, "village_resolves", "rows whose village_code is not a village under a township",
              f"{what}须是组织机构表中乡镇下属的村", "village_resolves.sql")


def _source_warnings(suite: str, source: str, zh_name: str) -> list[Check]:
    """Freshness against today and the volume floor per township/system, for one source."""
    return [
        Check(suite, "fresh", WARNING, f"loaded {source} batches dated in the last {{freshness_days}} days",
              f"最近{{freshness_days}}天内应有{zh_name}数据的新批次", "fresh.sql",
              min_value=1, max_value=None, source=source),
        Check(suite, "volume", WARNING,
              "townships/systems whose rows in the latest batch fell by more than {volume_pct}% below the median of"
              " their earlier batches, beyond their usual spread",
              f"各乡镇（系统）最新批次的{zh_name}行数不应比以往各批次的中位数减少超过{{volume_pct}}%且超出平时的波动",
              "volume_drop.sql", source=source, counts=VOLUME_COUNTS[source]),
    ]


REGIONS = [
    _b("core.regions", "code_unique", "region codes on more than one row", "组织机构代码不得重复"),
    _b("core.regions", "one_county", "county rows", "组织机构表须有且只有一个县", min_value=1, max_value=1),
    _b("core.regions", "parent_resolves", "regions whose parent breaks the hierarchy",
       "上级代码须符合层级：乡镇、系统隶属于县，村隶属于乡镇"),
]
UNITS = [
    _b("core.units", "key_unique", "(uscc, file_id) pairs on more than one row",
       "同一文件中每个单位（统一社会信用代码）只能出现一次"),
    _org("core.units", "单位所属乡镇（系统）"),
    _village("core.units", "单位所在村"),
    _b("core.units", "dropped_regions",
       "codes the latest regions batch dropped that units, members, cases or tickets still point at",
       "最新组织机构表删去的乡镇（系统）或村，不得仍有单位、会员、调解案件或诉求工单指向它",
       batches="regions"),
    _b("core.units", "employees_range", "rows with employees missing or below 0", "职工人数须填写且不小于0"),
    _b("core.units", "migrant_range", "rows with migrant_employees below 0 or above employees",
       "农民工人数须在0到职工人数之间"),
    _b("core.units", "members_range", "rows with members missing, below 0, or above 0 without a union",
       "会员人数须填写且不小于0，未建会单位的会员人数为0"),
    *_source_warnings("core.units", "units", "单位"),
]
MEMBERS = [
    _b("core.members", "key_unique", "member_key values on more than one row", "每名会员（身份证号）只能登记一次",
       delta=True),
    _village("core.members", "会员户籍村"),
    _b("core.members", "affiliation", "members with neither unit_uscc nor village_code", "会员须填写工作单位或户籍村"),
    _b("core.members", "left_after_joined", "members without joined, or who left before they joined",
       "入会日期须填写，离会日期不得早于入会日期"),
    *_source_warnings("core.members", "members", "会员"),
    Check("core.members", "within_reported", WARNING,
          "active units with more registered members active today than the members they report",
          "单位的实名登记在册会员数不应超过单位上报的会员人数", "core_members__within_reported.sql"),
]
MEDIATION = [
    _b("core.mediation", "key_unique", "case_no values on more than one row", "每个调解案件编号只能出现一次"),
    _org("core.mediation", "受理乡镇（系统）"),
    _b("core.mediation", "workers_range", "cases with workers missing or below 1", "涉及人数须填写且至少为1"),
    _b("core.mediation", "amounts_range", "cases with an amount claimed or agreed below 0", "涉案金额和调解金额不得为负数"),
    _b("core.mediation", "closed_after_received", "cases closed before they were received", "结案日期不得早于受理日期"),
    _b("core.mediation", "closed_matches_outcome", "cases whose closing date disagrees with the outcome",
       "在办案件不得有结案日期，已结案件须有结案日期"),
    *_source_warnings("core.mediation", "mediation", "调解案件"),
    Check("core.mediation", "employer_known", WARNING, "cases whose employer_uscc is unknown to core.units",
          "调解案件的用人单位应在单位表中", "core_mediation__employer_known.sql"),
]
GRIEVANCES = [
    _b("core.grievances", "key_unique", "ticket_no values on more than one row", "每个工单编号只能出现一次"),
    _org("core.grievances", "承办乡镇（系统）"),
    _b("core.grievances", "times_after_received", "tickets responded to or closed before they were received",
       "首次响应时间和办结时间不得早于受理时间"),
    _b("core.grievances", "resolved_when_closed", "closed tickets that do not say whether resolved",
       "已办结的工单须填写是否解决"),
    *_source_warnings("core.grievances", "grievances", "诉求工单"),
]
PERIOD = [
    _b(PERIOD_SUITE, "period_complete", "sources with no loaded batch dated after {period_end}",
       "{period}的单位、会员、调解、诉求数据须都已有{period_end}之后的批次", "period_complete.sql",
       table="audit.files"),
    _b(PERIOD_SUITE, "grid", "(area, indicator) pairs of {period} missing, repeated or unexpected",
       "{period}每个地区（县、乡镇、系统）的每项指标须恰好一行"),
    _b(PERIOD_SUITE, "value_range", "values of {period} below 0 or above the contract's bound",
       "{period}指标值不得为负，有上限的比率不得超过1"),
    _b(PERIOD_SUITE, "unit_measure", "rows of {period} whose unit_measure differs from the contract",
       "{period}指标的计量单位须与标准一致"),
    _b(PERIOD_SUITE, "status_consistent", "rows of {period} whose status disagrees with the value",
       "{period}指标值为空时状态为M，有值时不为M"),
    Check(PERIOD_SUITE, "outliers", WARNING,
          "values of {period} whose modified z-score against the area's own earlier months is {outlier_z} or more",
          "{period}各地区指标值与本地区此前各月相比，修正z值不应达到{outlier_z}（异常波动，请核实）",
          "marts_indicators__outliers.sql", counts="outlier_scores.sql"),
]
SUITES: dict[str, list[Check]] = {
    "core.regions": REGIONS, "core.units": UNITS, "core.members": MEMBERS,
    "core.mediation": MEDIATION, "core.grievances": GRIEVANCES, PERIOD_SUITE: PERIOD,
}


def suite_checks(suite: str) -> list[Check]:
    """The checks of one suite ('core.units', or 'units' for short)."""
    name = suite if "." in suite else f"core.{suite}"
    if name not in SUITES:
        raise ValueError(f"no checks for table {suite!r}; tables: {', '.join(SUITES)}")
    return SUITES[name]

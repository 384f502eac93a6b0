"""The headline: sentences in the style of a county federation's year-end summary, generated from the figures."""

from __future__ import annotations

from pipelines.indicators.period import ANNUAL, MONTHLY, QUARTERLY, frequency, period_zh
from pipelines.report.figures import ReportData
from pipelines.report.html import esc, fig, number

LAG_GAP = 0.10  # the contract's laggard rule: below the county's own rate minus 0.10


def month_zh(period: str) -> str:
    """'2026-10' -> '2026年10月', '2026-Q3' -> '2026年第三季度', '2026' -> '2026年度'."""
    return period_zh(period)


def span_zh(period: str) -> str:
    """How the page says "this period": 本月, 本季度 or 本年."""
    return {MONTHLY: "本月", QUARTERLY: "本季度", ANNUAL: "本年"}[frequency(period)]


def end_zh(period: str) -> str:
    """Its end E in words: '2026年10月末', '2026年第三季度末', '2026年末'."""
    return f"{int(period)}年末" if frequency(period) == ANNUAL else f"{period_zh(period)}末"


def rated_areas(data: ReportData, rate: str, base: str) -> list[tuple[str, float]]:
    """(area code, rate) of the areas in the balance set: a positive base, as the contract's BAL_* rule."""
    out = []
    for a in data.areas:
        b, v = data.value(base, a.code), data.value(rate, a.code)
        if b and v is not None:
            out.append((a.code, v))
    return out


def laggards(data: ReportData, rate: str, base: str) -> list[str]:
    """Codes of the areas whose rate is below the county's minus 0.10 (the BAL_*_LAGGARDS rule)."""
    county = data.value(rate)
    if county is None:
        return []
    return [code for code, v in rated_areas(data, rate, base) if v < county - LAG_GAP]


def names(data: ReportData, codes: list[str]) -> str:
    """Chinese names joined with the enumeration comma."""
    return "、".join(esc(data.name(c)) for c in codes)


def coverage_sentence(data: ReportData) -> str:
    """Units, establishment, membership, real-name members and migrant workers, villages."""
    return (f"截至{end_zh(data.period)}，全县应建工会单位{fig(data, 'COV_UNITS_REQUIRED')}家，已建工会"
            f"{fig(data, 'COV_UNITS_ESTABLISHED')}家，建会率{fig(data, 'COV_ESTABLISHMENT_RATE')}；"
            f"单位职工{fig(data, 'COV_EMPLOYEES')}人，工会会员{fig(data, 'COV_MEMBERS')}人，"
            f"职工入会率{fig(data, 'COV_MEMBERSHIP_RATE')}。实名登记会员{fig(data, 'COV_REGISTERED_MEMBERS')}人，"
            f"其中农民工会员{fig(data, 'COV_MIGRANT_MEMBERS')}人；"
            f"已建立工会的行政村占{fig(data, 'COV_VILLAGE_UNION_RATE')}。")


def mediation_sentence(data: ReportData) -> str:
    """Cases received, closed and settled, the 15-day limit, amounts, overdue pending cases."""
    return (f"{span_zh(data.period)}受理劳动争议调解案件{fig(data, 'MED_RECEIVED')}件，涉及职工{fig(data, 'MED_WORKERS')}人；"
            f"办结{fig(data, 'MED_CLOSED')}件，其中调解成功{fig(data, 'MED_SUCCESS')}件，"
            f"调解成功率{fig(data, 'MED_SUCCESS_RATE')}，15日内办结率{fig(data, 'MED_WITHIN_15D_RATE')}；"
            f"调解达成金额{fig(data, 'MED_AMOUNT_AGREED')}，为诉求金额的{fig(data, 'MED_RECOVERY_RATE')}。"
            f"{span_zh(data.period)[1]}末在办{fig(data, 'MED_PENDING_END')}件，其中已超过15日{fig(data, 'MED_OVERDUE_PENDING')}件。")


def grievance_sentence(data: ReportData) -> str:
    """Tickets received (the 12351 hotline among them), 24-hour response, resolution, satisfaction."""
    hotline = sum(n for dim, code, n, _ in data.grievances_by if dim == "channel" and code == "hotline")
    return (f"受理职工维权诉求{fig(data, 'GRV_RECEIVED')}件，其中12351热线工单"
            f'<span class="fig-sql" data-sql="hotline">{number(hotline, "COUNT")}</span>件；'
            f"24小时内响应率{fig(data, 'GRV_RESPONDED_24H_RATE')}，办结{fig(data, 'GRV_CLOSED')}件，"
            f"解决率{fig(data, 'GRV_RESOLVED_RATE')}，满意率{fig(data, 'GRV_SATISFACTION_RATE')}。")


def balance_sentence(data: ReportData, rate: str, base: str, what: str, key: str) -> str:
    """The honest line on what lags: the spread of one rate and the areas below the county by 10 points."""
    rated = rated_areas(data, rate, base)
    if not rated:
        return ""
    low = min(rated, key=lambda r: r[1])
    high = max(rated, key=lambda r: r[1])
    lag = laggards(data, rate, base)
    tail = (f"{fig(data, f'BAL_{key}_LAGGARDS')}个乡镇（系统）低于全县10个百分点以上：{names(data, lag)}。"
            if lag else f"没有乡镇（系统）低于全县10个百分点以上（{fig(data, f'BAL_{key}_LAGGARDS')}个）。")
    return (f"{what}最低的是{esc(data.name(low[0]))}（{fig(data, f'BAL_{key}_MIN')}），最高的是"
            f"{esc(data.name(high[0]))}（{fig(data, f'BAL_{key}_MAX')}），基尼系数{fig(data, f'BAL_{key}_GINI')}；"
            + tail)


def headline(data: ReportData) -> list[str]:
    """The headline paragraphs (HTML)."""
    paragraphs = [coverage_sentence(data), mediation_sentence(data) + grievance_sentence(data)]
    balance = (balance_sentence(data, "COV_ESTABLISHMENT_RATE", "COV_UNITS_REQUIRED", "各乡镇（系统）建会率", "ESTAB")
               + balance_sentence(data, "COV_MEMBERSHIP_RATE", "COV_EMPLOYEES", "入会率", "MEMB"))
    if balance:
        paragraphs.append("覆盖还不均衡：" + balance)
    return paragraphs

"""What each indicator means, in Chinese (for officers) and English (beside the stable code)."""

from __future__ import annotations

from typing import NamedTuple


class Definition(NamedTuple):
    """An indicator's Chinese name, Chinese definition and English definition."""

    name_zh: str
    zh: str
    en: str


_UNITS = "期末状态存在且未注销的单位"
_BAL_SET_E = "应建会单位数大于 0 的乡镇和系统"
_BAL_SET_M = "职工数大于 0 的乡镇和系统"

DEFINITIONS: dict[str, Definition] = {
    "COV_UNITS_REQUIRED": Definition(
        "应建会单位数", f"{_UNITS}中，职工人数达到建会标准（默认 25 人）的单位数",
        "active units at period end with employees at or above the threshold (25 by default)"),
    "COV_UNITS_ESTABLISHED": Definition(
        "已建会单位数", "应建会单位中，已建会且建会日期不晚于期末的单位数",
        "required units that have a union founded on or before period end"),
    "COV_ESTABLISHMENT_RATE": Definition(
        "建会率", "已建会单位数 ÷ 应建会单位数", "established units / required units"),
    "COV_EMPLOYEES": Definition(
        "职工总数", f"{_UNITS}的职工人数之和", "sum of employees of active units"),
    "COV_MEMBERS": Definition(
        "会员总数", f"{_UNITS}中已建会单位的会员人数之和", "sum of members of active units with a union"),
    "COV_MEMBERSHIP_RATE": Definition(
        "入会率", "会员总数 ÷ 职工总数", "members / employees"),
    "COV_MIGRANT_EMPLOYEES": Definition(
        "农民工职工数", f"{_UNITS}的农民工人数之和", "sum of migrant employees of active units"),
    "COV_MIGRANT_MEMBERS": Definition(
        "农民工会员数", "期末在册（入会不晚于期末、未离会或离会晚于期末）且类别为农民工的实名会员数",
        "registered members active at period end whose category is migrant"),
    "COV_REGISTERED_MEMBERS": Definition(
        "实名会员数", "期末在册（入会不晚于期末、未离会或离会晚于期末）的实名会员数",
        "registered members active at period end (joined by then, not left by then)"),
    "COV_REALNAME_RATE": Definition(
        "会员实名率", "实名会员数 ÷ 会员总数（可超过 1）", "registered members / members (may exceed 1)"),
    "COV_VILLAGE_UNION_RATE": Definition(
        "村级建会率", "有期末前建会的在营村级单位的村数 ÷ 辖区内村数（系统无村，为缺失）",
        "villages with an active village unit whose union was founded by period end / villages in the area"),
    "BAL_ESTAB_MIN": Definition("建会率最小值", f"{_BAL_SET_E}建会率的最小值",
                                "minimum establishment rate over townships and systems with required units"),
    "BAL_ESTAB_MAX": Definition("建会率最大值", f"{_BAL_SET_E}建会率的最大值",
                                "maximum establishment rate over townships and systems with required units"),
    "BAL_ESTAB_CV": Definition("建会率变异系数", f"{_BAL_SET_E}建会率的总体标准差 ÷ 平均值",
                               "population standard deviation / mean of those establishment rates"),
    "BAL_ESTAB_GINI": Definition("建会率基尼系数", f"{_BAL_SET_E}建会率的基尼系数 ΣΣ|xi−xj| ÷ (2n²·平均值)",
                                 "Gini coefficient of those establishment rates"),
    "BAL_ESTAB_LAGGARDS": Definition("建会率落后地区数", f"{_BAL_SET_E}中，建会率低于全县建会率减 0.10 的个数",
                                     "areas whose establishment rate is below the county rate minus 0.10"),
    "BAL_MEMB_MIN": Definition("入会率最小值", f"{_BAL_SET_M}入会率的最小值",
                               "minimum membership rate over townships and systems with employees"),
    "BAL_MEMB_MAX": Definition("入会率最大值", f"{_BAL_SET_M}入会率的最大值",
                               "maximum membership rate over townships and systems with employees"),
    "BAL_MEMB_CV": Definition("入会率变异系数", f"{_BAL_SET_M}入会率的总体标准差 ÷ 平均值",
                              "population standard deviation / mean of those membership rates"),
    "BAL_MEMB_GINI": Definition("入会率基尼系数", f"{_BAL_SET_M}入会率的基尼系数 ΣΣ|xi−xj| ÷ (2n²·平均值)",
                                "Gini coefficient of those membership rates"),
    "BAL_MEMB_LAGGARDS": Definition("入会率落后地区数", f"{_BAL_SET_M}中，入会率低于全县入会率减 0.10 的个数",
                                    "areas whose membership rate is below the county rate minus 0.10"),
    "MED_RECEIVED": Definition("受理调解案件数", "本期受理的劳动争议调解案件数", "mediation cases received in the period"),
    "MED_CLOSED": Definition("结案数", "本期结案（结果不是待处理）的案件数", "cases closed in the period (any outcome but pending)"),
    "MED_SUCCESS": Definition("调解成功数", "本期结案且结果为调解成功的案件数", "cases closed in the period with outcome success"),
    "MED_SUCCESS_RATE": Definition("调解成功率", "调解成功数 ÷ 结案数", "successful cases / closed cases"),
    "MED_WITHIN_15D_RATE": Definition("15日内结案率", "本期结案中受理后 15 日内结案的案件数 ÷ 结案数",
                                      "closed cases closed within 15 days of receipt / closed cases"),
    "MED_MEDIAN_DAYS": Definition("结案天数中位数", "本期结案案件从受理到结案天数的中位数（偶数个取中间两值的平均）",
                                  "median days from receipt to closure of cases closed in the period"),
    "MED_PENDING_END": Definition("期末未结案件数", "期末前受理、期末时尚未结案的案件数",
                                  "cases received by period end and not closed by then"),
    "MED_OVERDUE_PENDING": Definition("超期未结案件数", "期末未结案件中受理日期早于期末 15 日以上的案件数",
                                      "of those, received more than 15 days before period end"),
    "MED_WORKERS": Definition("涉及职工人数", "本期受理案件涉及的职工人数之和", "sum of workers of cases received in the period"),
    "MED_AMOUNT_AGREED": Definition("调解协议金额", "本期调解成功结案的协议金额之和（元）",
                                    "sum of agreed amounts of successful cases closed in the period (yuan)"),
    "MED_RECOVERY_RATE": Definition("追回率", "本期调解成功且两项金额齐全的案件：协议金额之和 ÷ 申请金额之和",
                                    "agreed / claimed over successful cases closed in the period with both amounts"),
    "GRV_RECEIVED": Definition("受理诉求数", "本期受理的职工诉求数", "grievances received in the period"),
    "GRV_RESPONDED_24H_RATE": Definition("诉求24小时响应率", "本期受理且 24 小时内响应的诉求数 ÷ 受理诉求数",
                                         "grievances received in the period answered within 24 hours / received"),
    "GRV_CLOSED": Definition("诉求办结数", "本期办结的诉求数", "grievances closed in the period"),
    "GRV_RESOLVED_RATE": Definition("诉求解决率", "本期办结且已解决的诉求数 ÷ 办结数", "resolved / closed grievances"),
    "GRV_SATISFACTION_RATE": Definition("诉求满意率", "（满意 + 基本满意）÷ 本期办结且有评价的诉求数",
                                        "(satisfied + basic) / closed grievances that were rated"),
    "INT_DISPUTES_PER_1000": Definition("每千名职工争议数", "受理调解案件数 ÷ 职工总数 × 1000",
                                        "cases received per 1000 employees"),
    "INT_DISPUTES_PER_1000_UNION": Definition(
        "已建会单位每千名职工争议数", "用人单位为期末在营且已建会单位的本期受理案件数 ÷ 这些单位职工数 × 1000",
        "cases received whose employer is an active unit with a union, per 1000 employees of such units"),
    "INT_DISPUTES_PER_1000_NONUNION": Definition(
        "未建会单位每千名职工争议数", "用人单位为期末在营且未建会单位的本期受理案件数 ÷ 这些单位职工数 × 1000",
        "the same for active units without a union"),
}

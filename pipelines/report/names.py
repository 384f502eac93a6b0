"""Chinese names of the indicators, for officers (the stable code stays beside them)."""

INDICATOR_ZH = {
    "COV_UNITS_REQUIRED": "应建会单位数", "COV_UNITS_ESTABLISHED": "已建会单位数", "COV_ESTABLISHMENT_RATE": "建会率",
    "COV_EMPLOYEES": "职工人数", "COV_MEMBERS": "会员人数", "COV_MEMBERSHIP_RATE": "入会率",
    "COV_MIGRANT_EMPLOYEES": "农民工人数", "COV_MIGRANT_MEMBERS": "农民工会员数",
    "COV_REGISTERED_MEMBERS": "实名登记会员数", "COV_REALNAME_RATE": "实名登记率",
    "COV_VILLAGE_UNION_RATE": "行政村建会率",
    "MED_RECEIVED": "调解受理数", "MED_CLOSED": "调解办结数", "MED_SUCCESS": "调解成功数",
    "MED_SUCCESS_RATE": "调解成功率", "MED_WITHIN_15D_RATE": "15日内办结率", "MED_MEDIAN_DAYS": "办结天数中位数",
    "MED_PENDING_END": "月末在办数", "MED_OVERDUE_PENDING": "超15日在办数", "MED_WORKERS": "涉及职工数",
    "MED_AMOUNT_AGREED": "调解达成金额", "MED_RECOVERY_RATE": "达成/诉求金额",
    "GRV_RECEIVED": "诉求受理数", "GRV_RESPONDED_24H_RATE": "24小时响应率", "GRV_CLOSED": "诉求办结数",
    "GRV_RESOLVED_RATE": "诉求解决率", "GRV_SATISFACTION_RATE": "满意率",
    "INT_DISPUTES_PER_1000": "千名职工争议数", "INT_DISPUTES_PER_1000_UNION": "千名职工争议数（已建会单位）",
    "INT_DISPUTES_PER_1000_NONUNION": "千名职工争议数（未建会单位）",
    "BAL_ESTAB_MIN": "建会率最低值", "BAL_ESTAB_MAX": "建会率最高值", "BAL_ESTAB_CV": "建会率变异系数",
    "BAL_ESTAB_GINI": "建会率基尼系数", "BAL_ESTAB_LAGGARDS": "建会率偏低个数",
    "BAL_MEMB_MIN": "入会率最低值", "BAL_MEMB_MAX": "入会率最高值", "BAL_MEMB_CV": "入会率变异系数",
    "BAL_MEMB_GINI": "入会率基尼系数", "BAL_MEMB_LAGGARDS": "入会率偏低个数",
}


def indicator_zh(code: str) -> str:
    """The Chinese name of an indicator code (the code itself when it has none)."""
    return INDICATOR_ZH.get(code, code)

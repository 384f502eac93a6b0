"""The report's sections on coverage, balance, trends and rights protection (HTML with inline SVG charts)."""

from __future__ import annotations

from pipelines.report import charts
from pipelines.report.figures import ReportData
from pipelines.report.headline import laggards
from pipelines.report.html import esc, fig, label, number, table

CHANNEL_ZH = {"hotline": "12351热线", "visit": "来访", "letter": "来信", "online": "网上", "card": "维权卡"}
TOPIC_ZH = {"wages": "劳动报酬", "social_insurance": "社会保险", "contract": "劳动合同", "injury": "工伤",
            "hours": "工时休假", "other": "其他"}
RATES = (("COV_ESTABLISHMENT_RATE", "COV_UNITS_REQUIRED", "建会率", "ESTAB"),
         ("COV_MEMBERSHIP_RATE", "COV_EMPLOYEES", "入会率", "MEMB"))
TREND_RATES = {"COV_ESTABLISHMENT_RATE": "建会率", "COV_MEMBERSHIP_RATE": "入会率",
               "MED_SUCCESS_RATE": "调解成功率", "GRV_RESPONDED_24H_RATE": "24小时响应率"}


def coverage(data: ReportData) -> str:
    """Establishment and membership rates by township and by system, laggards marked, and the table of figures."""
    parts = []
    for level, level_zh in (("township", "乡镇"), ("system", "系统")):
        areas = [a for a in data.areas if a.level == level]
        for rate, base, rate_zh, _ in RATES:
            lag = set(laggards(data, rate, base))
            parts.append(charts.coverage_bars(
                f"cov-{level}-{rate}", [a.name for a in areas], [data.value(rate, a.code) for a in areas],
                data.value(rate), [a.code in lag for a in areas], f"各{level_zh}{rate_zh}（虚线为全县）"))
    rows = []
    for a in data.areas:
        lag = {rate: a.code in laggards(data, rate, base) for rate, base, _, _ in RATES}
        rows.append([f"{esc(a.name)} <small class='en'>{a.code}</small>",
                     fig(data, "COV_UNITS_REQUIRED", a.code), fig(data, "COV_UNITS_ESTABLISHED", a.code),
                     fig(data, "COV_ESTABLISHMENT_RATE", a.code) + (' <b class="lag">偏低</b>' if lag[RATES[0][0]] else ""),
                     fig(data, "COV_EMPLOYEES", a.code), fig(data, "COV_MEMBERS", a.code),
                     fig(data, "COV_MEMBERSHIP_RATE", a.code) + (' <b class="lag">偏低</b>' if lag[RATES[1][0]] else ""),
                     fig(data, "COV_MIGRANT_MEMBERS", a.code), fig(data, "COV_VILLAGE_UNION_RATE", a.code)])
    head = ["乡镇（系统）", "应建单位", "已建工会", "建会率", "职工人数", "会员人数", "入会率", "农民工会员", "建会村占比"]
    return ('<div class="grid2">' + "".join(f"<div>{p}</div>" for p in parts) + "</div>"
            + '<p class="note">红色：比全县低10个百分点以上（标准中的 BAL_*_LAGGARDS 规则）。</p>'
            + "<details><summary>各乡镇（系统）明细表</summary>" + table(head, rows, "num") + "</details>")


def balance(data: ReportData) -> str:
    """Lorenz curves of the two rates across areas, with Gini, CV, minimum, maximum and laggards."""
    curves, rows = [], []
    for rate, base, rate_zh, key in RATES:
        values = [data.value(rate, a.code) for a in data.areas if data.value(base, a.code)]
        curves.append(charts.lorenz(f"lorenz-{key}", values, data.value(f"BAL_{key}_GINI"), f"{rate_zh}洛伦兹曲线"))
        rows.append([label(rate_zh, key)] + [fig(data, f"BAL_{key}_{m}") for m in ("GINI", "CV", "MIN", "MAX", "LAGGARDS")])
    head = ["比率", "基尼系数 Gini", "变异系数 CV", "最低 min", "最高 max", "偏低个数 laggards"]
    return ('<div class="grid2">' + "".join(f"<div>{c}</div>" for c in curves) + "</div>"
            + table(head, rows, "num")
            + '<p class="note">曲线越贴近对角线，各乡镇（系统）越均衡；基尼系数 0 为完全均衡。</p>')


def trends(data: ReportData) -> str:
    """The county's key rates month by month, then small multiples per township."""
    series = {zh: [data.value(code, period=p) for p in data.periods] for code, zh in TREND_RATES.items()}
    county = charts.trend_lines("trend-county", data.periods, series, f"全县主要比率，近{len(data.periods)}个月")
    panels = {a.name: {"建会率": [data.value("COV_ESTABLISHMENT_RATE", a.code, p) for p in data.periods],
                       "入会率": [data.value("COV_MEMBERSHIP_RATE", a.code, p) for p in data.periods]}
              for a in data.areas if a.level == "township"}
    multiples = charts.small_multiples("trend-townships", data.periods, panels, "各乡镇建会率、入会率") if panels else ""
    lacking = [p for p in data.periods if data.get("COV_ESTABLISHMENT_RATE", period=p) is None]
    note = (f'<p class="note">以下月份的指标尚未计算，趋势线在此断开：{"、".join(lacking)}'
            "（运行 unionpipe report 会先补算）。</p>" if lacking else "")
    return note + county + multiples


def rights(data: ReportData) -> str:
    """Mediation and grievances: counts, rates, amounts, overdue cases; tickets by channel and topic."""
    codes = ["MED_RECEIVED", "MED_CLOSED", "MED_SUCCESS", "MED_SUCCESS_RATE", "MED_WITHIN_15D_RATE", "MED_MEDIAN_DAYS",
             "MED_AMOUNT_AGREED", "MED_RECOVERY_RATE", "MED_PENDING_END", "MED_OVERDUE_PENDING"]
    zh = ["受理", "办结", "调解成功", "成功率", "15日内办结率", "办结天数中位数", "调解达成金额", "达成/诉求金额",
          "月末在办", "超15日在办"]
    rows = [[label("全县", data.county.code if data.county else "")] + [fig(data, c) for c in codes]]
    rows += [[esc(a.name)] + [fig(data, c, a.code) for c in codes] for a in data.areas
             if (data.value("MED_RECEIVED", a.code) or data.value("MED_PENDING_END", a.code)
                 or data.value("MED_CLOSED", a.code))]
    out = "<h3>劳动争议调解 <small class='en'>mediation</small></h3>" + table(["地区"] + zh, rows, "num")
    amounts = sorted(data.amounts.items(), key=lambda kv: -kv[1][0])
    if amounts:
        out += charts.paired_bars("amounts", [data.name(k) for k, _ in amounts], [v[0] for _, v in amounts],
                                  [v[1] for _, v in amounts], ("诉求金额", "调解达成金额"),
                                  "调解成功案件：诉求金额与达成金额（元）")
    out += "<h3>职工维权诉求 <small class='en'>grievances</small></h3><p>"
    out += "；".join(f"{t}{fig(data, c)}" for c, t in (
        ("GRV_RECEIVED", "受理"), ("GRV_RESPONDED_24H_RATE", "24小时响应率"), ("GRV_CLOSED", "办结"),
        ("GRV_RESOLVED_RATE", "解决率"), ("GRV_SATISFACTION_RATE", "满意率"))) + "。</p>"
    bars = []
    for dim, names, title in (("channel", CHANNEL_ZH, "按来源渠道"), ("topic", TOPIC_ZH, "按诉求类型")):
        items = [(names.get(code, code), n) for d, code, n, _ in data.grievances_by if d == dim]
        if items:
            bars.append(charts.count_bars(f"grv-{dim}", [i[0] for i in items], [i[1] for i in items], title, "件"))
    rows = [[names.get(code, code), number(n, "COUNT"), number(h / n if n else None, "RATIO")]
            for d, code, n, h in data.grievances_by for names in [CHANNEL_ZH if d == "channel" else TOPIC_ZH]]
    return (out + '<div class="grid2">' + "".join(f"<div>{b}</div>" for b in bars) + "</div>"
            + "<details><summary>渠道、类型明细</summary>" + table(["渠道/类型", "受理", "24小时响应率"], rows, "num")
            + "</details>")

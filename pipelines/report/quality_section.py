"""The data-quality section for officers: arrivals by the due day, quarantined rows, rejected files, the gate."""

from __future__ import annotations

import re

from pipelines.indicators.period import MONTHLY, frequency, last_month, period_zh
from pipelines.publish.completeness import PERIOD_SOURCES
from pipelines.report.figures import ReportData
from pipelines.report.html import esc, label, shown, table
from pipelines.report.names import indicator_zh
from pipelines.report.quality import SOURCE_ZH, Quality

OUTLIER_ROWS = 30  # the largest first; a steadily growing stock can score high on a quiet history
AREA_CODE = re.compile(r"\b\d{6}(?:\d{3}|S\d{2})\b")


def arrival_cell(q: Quality, org: str, source: str) -> str:
    """'11-05' in green when by the due day, red with 逾期 when later, 未报送 when nothing came."""
    got = q.arrivals.get((org, source))
    if got is None:
        return '<span class="miss">无</span>'
    day, rows = got
    late = day > q.due
    return (f'<span class="{"late" if late else "ok"}" title="{rows}行">{day:%m-%d}'
            f'{" 逾期" if late else " ✓"}</span>')


def arrivals(data: ReportData, q: Quality) -> str:
    """Per township/system: which sources sent rows among the month's files, and when; quarantined rows."""
    head = ["乡镇（系统）"] + [label(SOURCE_ZH[s], s) for s in PERIOD_SOURCES] + ["隔离行数"]
    rows = []
    for a in data.areas:
        quarantined = sum(n for (org, _), n in q.quarantined.items() if org == a.code)
        rows.append([esc(a.name)] + [arrival_cell(q, a.code, s) for s in PERIOD_SOURCES]
                    + [f'<b class="lag">{quarantined}</b>' if quarantined else "0"])
    unnamed = sum(n for (org, _), n in q.quarantined.items() if org not in {a.code for a in data.areas})
    if unnamed:
        rows.append(["未能归属乡镇 <small class='en'>unattributed</small>"] + [""] * len(PERIOD_SOURCES) + [str(unnamed)])
    # A quarter's or a year's files are those of its last month (it is complete when that month is).
    month = "本月" if frequency(data.period) == MONTHLY else f"最后一个月（{period_zh(last_month(data.period))}）的"
    return (f"<p>{month}数据应在 <b>{q.due:%Y-%m-%d}</b> 前报送（次月{q.due.day}日，可设置 UNIONPIPE_REPORT_DUE_DAY）。"
            f"下表为 {q.due:%Y-%m} 月到达的各类台账中含该乡镇（系统）数据的最早批次日期；“无”表示这些文件中没有该乡镇（系统）的行"
            f"（建会、会员台账应每月都有；调解、诉求台账也可能是本月确无案件）。</p>"
            + table(head, rows, "quality"))


def rejected(q: Quality) -> str:
    """The month's files turned away whole, with the reason in Chinese."""
    if not q.rejected:
        return "<p>本月没有被整份退回的文件。</p>"
    rows = [[label(SOURCE_ZH.get(s, s), s), esc(name), f"{d:%Y-%m-%d}" if d else "—", esc(zh or ""), esc(code or "")]
            for s, name, d, code, zh in q.rejected]
    return table(["台账", "文件", "批次日期", "退回原因", "代码"], rows)


def gate(data: ReportData, q: Quality) -> str:
    """The gate's checks in plain Chinese: failures first (blocking, then warnings), passes folded away."""
    def detail(text: str | None) -> str:
        return esc(AREA_CODE.sub(lambda m: f"{data.name(m.group(0))}", text or ""))

    failing = [g for g in q.gate if not g.passed]
    rows = [[('<b class="late">未通过·阻断</b>' if g.blocking else '<b class="warn">提醒</b>'), esc(g.rule_zh),
             esc(g.observed or ""), detail(g.detail), f"<small class='en'>{esc(g.check_name)}</small>"]
            for g in failing]
    passed = [[esc(g.rule_zh), f"<small class='en'>{esc(g.check_name)}</small>"] for g in q.gate if g.passed]
    blocking = sum(g.blocking for g in failing)
    summary = (f"<p>共 {len(q.gate)} 项检查：{len(passed)} 项通过，{blocking} 项阻断性检查未通过"
               f"{'（发布将被拒绝）' if blocking else ''}，{len(failing) - blocking} 项提醒。</p>")
    if not q.gate:
        return "<p>还没有检查结果（尚未装载数据）。</p>"
    return (summary + (table(["结果", "规则", "数量", "示例", "检查"], rows) if rows else "")
            + f"<details><summary>已通过的 {len(passed)} 项</summary>{table(['规则', '检查'], passed)}</details>")


def outliers(data: ReportData, q: Quality) -> str:
    """Values far from the area's own earlier months, for an officer to confirm or correct."""
    m = "月" if frequency(data.period) == MONTHLY else "期"  # a quarter against earlier quarters, a year against years
    intro = (f"<p>与本地区此前各{m}（近12{'个月' if m == '月' else '期'}中至少{q.outlier_months}{'个月' if m == '月' else '期'}有值）相比，"
             f"修正z值 0.6745·|本{m}−中位数|/MAD 达到 {q.outlier_z:g} 的指标"
             f"（可设置 UNIONPIPE_OUTLIER_Z）。历史各{m}完全相同（MAD=0）时无法计算z值，本{m}与历史不同的也列出。</p>")
    if not q.outliers:
        return intro + f"<p>本{m}没有异常波动的指标（或此前{'月份' if m == '月' else '各期'}不足，尚无法判断）。</p>"
    rows = [[esc(data.name(area)), label(indicator_zh(ind), ind), shown(value, ind),
             shown(median, ind), f"{z:.1f}" if z is not None else "MAD=0，无法计算", str(months)]
            for area, ind, value, median, mad, months, z in q.outliers[:OUTLIER_ROWS]]
    more = len(q.outliers) - OUTLIER_ROWS
    return (intro + table(["地区", "指标", f"本{m}", "此前中位数", "修正z值", f"历史{m}数"], rows, "num")
            + (f'<p class="note">另有 {more} 项z值较小的未列出（完整名单见 unionpipe check --period）。</p>' if more > 0 else ""))


def quality(data: ReportData, q: Quality) -> str:
    """The whole data-quality section."""
    return ("<h3>各乡镇（系统）报送情况 <small class='en'>arrivals by the due day</small></h3>" + arrivals(data, q)
            + "<h3>被退回的文件 <small class='en'>rejected files</small></h3>" + rejected(q)
            + "<h3>数据检查结果 <small class='en'>the gate</small></h3>" + gate(data, q)
            + "<h3>异常波动 <small class='en'>outliers</small></h3>" + outliers(data, q))

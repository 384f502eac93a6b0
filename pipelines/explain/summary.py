"""The printed explanation: definition, value as published, numerator and denominator, status."""

from __future__ import annotations

from pipelines.explain.definitions import DEFINITIONS
from pipelines.explain.roles import ROLES
from pipelines.indicators.catalog import BY_CODE
from pipelines.indicators.rounding import format_value

LOW_BASE = 5  # a ratio's base below this (and above 0) is U: the indicator contract's low-base rule


def _whole(x: float | None) -> str:
    """A numerator or denominator as written: whole numbers without '.0', money with its cents."""
    if x is None:
        return "—"
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def status_reason(kind: str, row: dict) -> str:
    """Why the figure has its OBS_STATUS, in Chinese with the English beside it."""
    status, base, den = row["obs_status"], row["base"], row["denominator"]
    if kind == "ratio":
        if status == "M":
            return f"M：分母为 {_whole(den)}，无法计算 denominator is {_whole(den)}: missing"
        if status == "U":
            return f"U：基数 {base}，低于 {LOW_BASE}（基数小） base {base}, below {LOW_BASE}: low reliability"
        return f"A：基数 {base}，不低于 {LOW_BASE} base {base}, at least {LOW_BASE}: normal"
    if kind == "total":
        return "A：总量指标始终为正常 totals are always normal"
    if status == "M":
        if not base:
            return "M：集合为空，无法计算 empty set: missing"
        return f"M：集合 {base} 个但平均值为 0，无法计算 set of {base} with a mean of 0: missing"
    return f"A：集合 {base} 个；中位数和均衡指标不标低基数 set of {base}; medians and balance figures are never U"


def summary_lines(code: str, area: str, area_name: str, period: str, row: dict, listed: dict[str, tuple]) -> list[str]:
    """The lines `unionpipe explain` prints; `listed` is {role: (rows, sum of amounts)} of the listing."""
    ind, d = BY_CODE[code], DEFINITIONS[code]
    value = format_value(row["value"], row["unit_measure"])
    lines = [
        f"{code} {d.name_zh}",
        f"  定义：{d.zh}",
        f"  Definition: {d.en}",
        f"  地区 Area: {area} {area_name}    期间 Period: {period}",
        f"  公布值 Published value: {value or '（缺失 missing）'} {row['unit_measure']}"
        f"    状态 Status: {row['obs_status']}",
    ]
    if ind.kind in ("total", "ratio"):
        lines.append(f"  分子 Numerator: {_whole(row['numerator'])}")
    if ind.kind == "ratio":
        lines.append(f"  分母 Denominator: {_whole(row['denominator'])}    基数 Base: {row['base']}")
    if ind.kind in ("median", "balance"):
        lines.append(f"  基数（集合大小）Base (set size): {row['base']}")
    lines.append(f"  状态说明 Why: {status_reason(ind.kind, row)}")
    for role, (n, amount) in sorted(listed.items(), reverse=True):
        total = f"，合计 sum {_whole(amount)}" if amount is not None else ""
        lines.append(f"  记录 Records ({role}): {n} 条 rows{total}")
    if not agrees(code, row, listed):
        lines.append(f"  ⚠ 记录与公布值不一致：{row['computed_at']:%Y-%m-%d %H:%M} 计算后又装载了数据（或建会标准不同），"
                     "请重新发布 records differ from the figure: data loaded since it was computed; publish again")
    return lines


def agrees(code: str, row: dict, listed: dict[str, tuple]) -> bool:
    """Whether the listed rows give back the numerator and denominator of marts.indicators."""
    for role in ROLES.get(code, ()):
        if role.role not in ("numerator", "denominator"):
            continue
        n, amount = listed.get(role.role, (0, None))
        got = (amount or 0) if role.amount else n
        if abs(got - (row[role.role] or 0)) > 1e-6 * max(1.0, abs(got)):
            return False
    return True

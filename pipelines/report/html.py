"""Small HTML helpers: escaping, figures formatted the Chinese way and tagged with where they come from."""

from __future__ import annotations

from html import escape

from pipelines.indicators.catalog import BY_CODE
from pipelines.report.figures import ReportData

MISSING = "—"


def esc(text: object) -> str:
    """Text safe inside HTML."""
    return escape(str(text), quote=True)


def number(value: float | None, unit: str) -> str:
    """A value as officers write it: RATIO 87.0%, DAYS 12.5天, CNY 12.34万元 or 980元, counts 1,234."""
    if value is None:
        return MISSING
    if unit == "RATIO":
        return f"{value * 100:.1f}%"
    if unit == "DAYS":
        return f"{value:.1f}天"
    if unit == "CNY":
        return f"{value / 10000:,.2f}万元" if abs(value) >= 10000 else f"{value:,.0f}元"
    if unit == "PER_1000":
        return f"{value:.2f}‰"
    return f"{value:,.0f}"




def unit_of(indicator: str) -> str:
    """The unit measure of an indicator code (from the catalog)."""
    return BY_CODE[indicator].unit_measure


def shown(value: float | None, indicator: str) -> str:
    """An indicator's value as the page writes it; Gini and CV read as plain decimals, not percentages."""
    if value is not None and indicator.endswith(("_GINI", "_CV")):
        return f"{value:.3f}"
    return number(value, unit_of(indicator))


def fig(data: ReportData, indicator: str, area: str | None = None, period: str | None = None) -> str:
    """The figure as a <span> carrying its indicator, area, month and unrounded value (the browser test reads them)."""
    area = area or (data.county.code if data.county else "")
    period = period or data.period
    figure = data.get(indicator, area, period)
    value = figure.value if figure else None
    status = figure.status if figure else "M"
    text = shown(value, indicator)
    low = ' title="基数小于5，仅供参考 low base"' if status == "U" else ""
    mark = "<sup>*</sup>" if status == "U" else ""
    return (f'<span class="fig" data-indicator="{indicator}" data-area="{esc(area)}" data-period="{period}" '
            f'data-value="{"" if value is None else repr(value)}" data-status="{status}"{low}>{text}{mark}</span>')


def table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    """A table whose cells are already HTML."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def label(zh: str, en: str) -> str:
    """A Chinese label with its English code or label in small type."""
    return f'{zh} <small class="en">{esc(en)}</small>'

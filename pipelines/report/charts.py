"""The report's charts, drawn by matplotlib as inline SVG whose text the browser sets in its own Chinese fonts.

svg.fonttype 'none' keeps labels as <text>, so no glyphs are embedded and the page needs no script to show them
(docs/decisions.md, "The county report's charts").
"""

from __future__ import annotations

import io
import logging
import re
import warnings

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

FONTS = ["Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "sans-serif"]
BLUE, RED, GREY, GREEN = "#2f6db5", "#c8352b", "#555555", "#3a8a4f"
plt.rcParams.update({"svg.fonttype": "none", "font.family": FONTS, "font.size": 10, "axes.spines.top": False,
                     "axes.spines.right": False, "axes.unicode_minus": False})
# matplotlib measures text with the fonts it has, which may lack Chinese glyphs; the browser draws the text.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def svg(fig, name: str) -> str:
    """The figure as an inline <svg> element (ids salted by `name`, so charts on one page never share an id)."""
    plt.rcParams["svg.hashsalt"] = name
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph missing from font": see the module docstring
        fig.savefig(out, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = out.getvalue()
    text = text[text.index("<svg"):]
    # Scale with the page instead of fixed points.
    text = re.sub(r'<svg([^>]*?) width="([\d.]+)pt" height="[^"]+"',
                  lambda m: f'<svg{m.group(1)} class="chart" role="img" style="max-width: {float(m.group(2)) * 4 / 3:.0f}px"',
                  text, count=1)
    return text


def pct(value: float) -> str:
    """A ratio as a percentage with one decimal."""
    return f"{value * 100:.1f}%"


def coverage_bars(name: str, labels: list[str], values: list[float | None], county: float | None,
                  laggards: list[bool], title: str) -> str:
    """Horizontal bars of one rate per area, laggards in red, the county rate as a dashed line."""
    rows = [(lab, v, lag) for lab, v, lag in zip(labels, values, laggards) if v is not None]
    rows.sort(key=lambda r: r[1])
    fig, ax = plt.subplots(figsize=(7.2, 0.32 * max(len(rows), 3) + 0.9))
    ax.barh([r[0] for r in rows], [r[1] for r in rows], color=[RED if r[2] else BLUE for r in rows])
    for i, r in enumerate(rows):
        ax.text(r[1] + 0.01, i, pct(r[1]) + ("  低于全县10个百分点以上" if r[2] else ""), va="center", fontsize=8,
                color=RED if r[2] else GREY)
    if county is not None:
        ax.axvline(county, color="black", linestyle="--", linewidth=1)
        ax.text(county, len(rows) - 0.4, f"全县 {pct(county)}", ha="center", va="bottom", fontsize=9)
    ax.set_xlim(0, max([1.0] + [r[1] + 0.35 for r in rows]))
    ax.xaxis.set_major_formatter(lambda x, _: f"{x * 100:.0f}%")
    ax.set_title(title, loc="left", fontsize=11)
    return svg(fig, name)


def lorenz(name: str, values: list[float], gini: float | None, title: str) -> str:
    """The Lorenz curve of rates across areas (areas sorted low to high) against the line of equality."""
    xs = sorted(v for v in values if v is not None)
    total = sum(xs)
    fig, ax = plt.subplots(figsize=(3.6, 3.4))
    ax.plot([0, 1], [0, 1], color=GREY, linewidth=1, linestyle=":", label="完全均衡")
    if xs and total > 0:
        cum = [0.0]
        for v in xs:
            cum.append(cum[-1] + v / total)
        ax.plot([i / len(xs) for i in range(len(xs) + 1)], cum, color=BLUE, marker="o", markersize=3,
                label="实际分布")
        ax.fill_between([i / len(xs) for i in range(len(xs) + 1)], cum, [i / len(xs) for i in range(len(xs) + 1)],
                        color=BLUE, alpha=0.12)
    ax.set_xlabel("乡镇（系统）累计占比，按比率从低到高", fontsize=8)
    ax.set_ylabel("比率累计占比", fontsize=8)
    ax.set_title(title + (f"  基尼系数 {gini:.3f}" if gini is not None else ""), loc="left", fontsize=10)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return svg(fig, name)


def trend_lines(name: str, periods: list[str], series: dict[str, list[float | None]], title: str) -> str:
    """Monthly lines of several rates (0-100%), one per series, labelled at their last point."""
    fig, ax = plt.subplots(figsize=(7.2, 2.9))
    months = [p[2:] for p in periods]
    for label, values in series.items():
        ax.plot(months, [v if v is not None else float("nan") for v in values], marker="o", markersize=3,
                label=label)
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(lambda y, _: f"{y * 100:.0f}%")
    ax.legend(fontsize=8, frameon=False, ncol=len(series), loc="lower left")
    ax.set_title(title, loc="left", fontsize=11)
    ax.tick_params(axis="x", labelsize=8)
    return svg(fig, name)


def small_multiples(name: str, periods: list[str], panels: dict[str, dict[str, list[float | None]]],
                    title: str) -> str:
    """One small panel per area with the same lines and scale, so areas compare at a glance."""
    cols = 5
    rows = max(1, -(-len(panels) // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(10, 1.55 * rows + 0.5), sharex=True, sharey=True, squeeze=False)
    months = list(range(len(periods)))
    for ax, (area, series) in zip(axes.flat, panels.items()):
        for (label, values), color in zip(series.items(), (BLUE, GREEN, RED)):
            ax.plot(months, [v if v is not None else float("nan") for v in values], color=color, linewidth=1.2,
                    label=label)
        ax.set_title(area, fontsize=9)
        ax.set_ylim(0, 1.05)
        ax.set_yticks([0, 0.5, 1])
        ax.yaxis.set_major_formatter(lambda y, _: f"{y * 100:.0f}%")
        ax.set_xticks([0, len(periods) - 1], [periods[0][2:], periods[-1][2:]], fontsize=7)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=3, fontsize=8, frameon=False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11)
    fig.tight_layout()
    return svg(fig, name)


def count_bars(name: str, labels: list[str], values: list[float], title: str, unit: str = "") -> str:
    """Horizontal bars of counts or amounts, largest on top, each labelled with its figure."""
    rows = sorted(zip(labels, values), key=lambda r: r[1])
    fig, ax = plt.subplots(figsize=(4.6, 0.3 * max(len(rows), 3) + 0.8))
    ax.barh([r[0] for r in rows], [r[1] for r in rows], color=BLUE)
    top = max([r[1] for r in rows] + [1])
    for i, r in enumerate(rows):
        ax.text(r[1] + top * 0.01, i, f"{r[1]:,.0f}{unit}", va="center", fontsize=8, color=GREY)
    ax.set_xlim(0, top * 1.25)
    ax.set_title(title, loc="left", fontsize=10)
    return svg(fig, name)


def paired_bars(name: str, labels: list[str], first: list[float], second: list[float], names: tuple[str, str],
                title: str) -> str:
    """Two bars per area (e.g. amount claimed and amount agreed), in yuan."""
    fig, ax = plt.subplots(figsize=(7.2, 0.42 * max(len(labels), 3) + 0.9))
    ys = list(range(len(labels)))
    ax.barh([y + 0.2 for y in ys], first, height=0.4, color=GREY, label=names[0])
    ax.barh([y - 0.2 for y in ys], second, height=0.4, color=GREEN, label=names[1])
    ax.set_yticks(ys, labels)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x / 10000:.1f}万")
    ax.legend(fontsize=8, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.02), ncol=2)
    ax.set_title(title, loc="left", fontsize=10, pad=22)
    return svg(fig, name)

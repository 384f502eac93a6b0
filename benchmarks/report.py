"""The benchmark's figures against its targets, as JSON and as a page a person reads."""

from __future__ import annotations

import json
from pathlib import Path

# The targets (#16): the full pipeline within 3× the bare load (both shapes); a night of 0.1% new
# rows costs at most 5% of the full load beyond a quiet night; a quiet night at most 2× Dagster's floor;
# peak RSS under 4 GiB; cost per million members flat within ±20% across the curve, and memory flat.
TOTAL_RATIO_MAX = 3.0
PEAK_RSS_MAX_MIB = 4096
NIGHT_ADDED_PCT_MAX = 5.0
QUIET_FLOOR_RATIO_MAX = 2.0
CURVE_SPREAD_PCT_MAX = 20.0
PIPELINE = ("load", "publish")  # the night's path: the gate runs inside both (asset checks; publish's own)
RECHECK = "check"  # the officer's on-demand re-check of every suite: measured, not in the total
PEAK_STAGES = (*PIPELINE, RECHECK, "incremental_load", "quiet_load")
SHAPES = {"monthly": "monthly shape", "register": "register shape"}
CURVE_DEFINITION = (
    "Cost per million members at a size = (`unionpipe load` of the register shape at that size − a quiet night "
    "`unionpipe load` right after it on the same warehouse) ÷ millions of members: the data's own cost, the "
    "fixed cost every night pays taken out. Units, cases and tickets grow with the members (12k, 20k and 100k "
    "per million), so the whole submission scales. **Flat** means every size's figure lies within ±20% of the "
    "median of all sizes' figures; the verdict states the largest deviation. **Memory flat**: the same rule "
    "for the peak RSS of each size's load.")


def ratio(a: float, b: float) -> float | None:
    """a / b to two places, None when b is zero."""
    return round(a / b, 2) if b else None


def spread_pct(values: list[float]) -> float | None:
    """The largest deviation of any value from their median, in % of the median (None for fewer than two)."""
    if len(values) < 2:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return round(100 * max(abs(v - median) for v in values) / median, 1) if median else None


def _target(label: str, value: float | None, limit: float, detail: str = "", strict: bool = False) -> dict:
    met = value is not None and (value < limit if strict else value <= limit)
    return {"label": label, "value": value, "max": limit, "strict": strict, "met": met, "detail": detail}


def _shape_targets(name: str, shape: dict, floor_s: float) -> dict:
    p, night, word = shape["pipeline"], shape.get("incremental", {}), SHAPES[name]
    base = shape["baseline"]["seconds"]
    out = {f"{name}_total_ratio": _target(
        f"{word}: full pipeline ÷ bare load", p["total"]["ratio"], TOTAL_RATIO_MAX,
        f"{p['total']['seconds']:,.1f} s ÷ {base:,.1f} s")}
    if "quiet_load" in p:
        added = night.get("added_pct_of_full_load")
        out[f"{name}_night_added_pct"] = _target(
            f"{word}: night of +{night.get('rows', 0):,} members beyond a quiet night, % of the full load", added,
            NIGHT_ADDED_PCT_MAX, f"({p['incremental_load']['seconds']:,.1f} s − {p['quiet_load']['seconds']:,.1f} s)"
            f" ÷ {p['load']['seconds']:,.1f} s")
        out[f"{name}_quiet_vs_floor"] = _target(
            f"{word}: quiet night ÷ Dagster's floor", ratio(p["quiet_load"]["seconds"], floor_s),
            QUIET_FLOOR_RATIO_MAX, f"{p['quiet_load']['seconds']:,.1f} s ÷ {floor_s:,.1f} s")
    return out


def _curve_targets(curve: dict) -> dict:
    points = [pt for pt in curve.get("points", []) if pt["load_ok"]]
    if len(points) < 2:
        return {}
    sizes = ", ".join(pt["label"] for pt in points)
    per_m = " / ".join(f"{pt['s_per_m']:.1f}" for pt in points)
    peaks = " / ".join(f"{pt['peak_rss_mib']:,.0f}" for pt in points)
    return {
        "curve_s_per_m_spread": _target(
            f"cost per million members flat across {sizes}: largest deviation from the median, %",
            spread_pct([pt["s_per_m"] for pt in points]), CURVE_SPREAD_PCT_MAX, f"s/M {per_m}"),
        "curve_memory_spread": _target(
            f"memory flat across {sizes}: largest deviation of peak RSS from the median, %",
            spread_pct([pt["peak_rss_mib"] for pt in points]), CURVE_SPREAD_PCT_MAX, f"MiB {peaks}")}


def peak_rss(r: dict) -> tuple[float, str]:
    """The largest peak RSS of any pipeline stage of any shape or size, and where it was."""
    found = [(r[name]["pipeline"][s]["peak_rss_mib"], f"{SHAPES[name]}, {s}") for name in SHAPES if name in r
             for s in PEAK_STAGES if s in r[name]["pipeline"]]
    found += [(pt["peak_rss_mib"], f"curve {pt['label']}, load") for pt in r.get("curve", {}).get("points", [])]
    return max(found) if found else (0.0, "")


def verdicts(r: dict) -> dict:
    """Each target: its words, the figure, the limit, whether it was met, and how the figure was made."""
    out = {}
    for name in SHAPES:
        if name in r:
            out.update(_shape_targets(name, r[name], r["floor"]["seconds"]))
    peak, where = peak_rss(r)
    if where:
        out["peak_rss_mib"] = _target("peak RSS of any stage (MiB)", peak, PEAK_RSS_MAX_MIB, where, strict=True)
    out.update(_curve_targets(r.get("curve", {})))
    return out


def _row(label: str, s: dict, ratio_to: str = "") -> str:
    exit_code = f"{s['exit_code']}" + ("" if s.get("ok", True) else " ✘")
    ratio_cell = "" if s.get("ratio") is None else f"{s['ratio']:.2f}×{ratio_to}"
    return f"| {label} | {s['seconds']:,.1f} | {s['peak_rss_mib']:,.0f} | {ratio_cell} | {exit_code} |"


def _runs(base: dict) -> str:
    """', median of 17.9 / 18.2 / 23.5 s' when the bare load ran more than once."""
    runs = base.get("runs_seconds") or []
    return f", median of {' / '.join(f'{s:.1f}' for s in sorted(runs))} s" if len(runs) > 1 else ""


def _stage_table(r: dict) -> list[str]:
    p = r["pipeline"]
    lines = ["| stage | wall s | peak RSS MiB | ÷ bare load | exit |", "|---|---:|---:|---:|---:|",
             _row(f"(a) bare DuckDB read_csv{_runs(r['baseline'])}", r["baseline"])]
    lines += [_row(f"(b) `unionpipe {s}`", p[s]) for s in PIPELINE if s in p]
    total = {**p["total"], "exit_code": "", "ok": True}
    lines.append(_row("**(b) full pipeline, total** (load + publish)", total).replace("|  |", "| |"))
    if RECHECK in p:
        lines.append(_row(f"`unionpipe {RECHECK}` (officer's full re-check; not in the total)", p[RECHECK]))
    if "report" in p:
        lines.append(_row("`unionpipe report` (the county report, a year of months computed first; not in the total)",
                          p["report"]))
    if "validate" in p:
        lines.append(_row(f"`unionpipe validate` (an officer's dry run of {p['validate']['rows']:,} members; "
                          "not in the total)", p["validate"]))
    if "explain" in p:
        lines.append(_row("`unionpipe explain COV_REGISTERED_MEMBERS` (county, --out CSV; not in the total)",
                          p["explain"]))
    if "incremental_load" in p:
        lines.append(_row(f"incremental night (`load`, +{r['incremental']['rows']:,} members)", p["incremental_load"]))
    if "quiet_load" in p:
        lines.append(_row("quiet night (`load`, nothing new: the fixed cost of a night)", p["quiet_load"]))
    return lines


def _findings(r: dict) -> list[str]:
    p = r["pipeline"]
    lines = [f"- check, blocking failure: {line}" for line in p.get("check", {}).get("failing", [])]
    lines += [f"- load, file turned away: {line}" for line in p["load"].get("rejected_files", [])]
    return ["", "Findings of the stages:", "", *lines] if lines else []


def _targets(r: dict) -> list[str]:
    lines = []
    for v in r["targets"].values():
        limit = f"< {v['max']:g}" if v.get("strict") else f"≤ {v['max']:g}"
        detail = f" — {v['detail']}" if v.get("detail") else ""
        lines.append(f"- {'✔' if v['met'] else '✘'} {v['label']}: **{v['value']}** (target {limit}){detail}")
    for name in SHAPES:
        night = r.get(name, {}).get("incremental", {})
        if night.get("quiet_pct_of_full_load") is not None:
            lines.append(f"- {SHAPES[name]}: a night with nothing new costs {night['quiet_pct_of_full_load']}% of "
                         f"the full load; the incremental night {night['pct_of_full_load']}%")
    return lines


def _rows_line(d: dict) -> str:
    rows = ", ".join(f"{s} {c['rows']:,}" for s, c in d["rows"].items())
    return f"{d['files']} files, {d['bytes'] / 1024**2:,.0f} MiB of UTF-8 CSV; rows: {rows}."


def _step(r: dict, stage: str, step: str) -> float | None:
    steps = r.get("dagster", {}).get(stage, {}).get("slowest_steps", [])
    return next((s["seconds"] for s in steps if s["step"] == step), None)


def _register(r: dict, floor: dict) -> list[str]:
    g = r.get("register")
    if not g:
        return []
    p, base = g["pipeline"], g["baseline"]
    members_step = _step(g, "load", "staging__members")
    of_which = f" (of which `staging__members` {members_step:,.1f})" if members_step is not None else ""
    row = lambda label, s: (f"| {label} | {s['seconds']:,.1f} | {s['peak_rss_mib']:,.0f} | "  # noqa: E731
                            f"{'' if s.get('ratio') is None else format(s['ratio'], '.2f') + '×'} |")
    lines = ["", f"## Register shape: one submission, {g['members']:,} members in one file", "",
             _rows_line(g["data"]) + f" Period published: {g['period']} ({g['period_chosen']}).", "",
             "| stage | seconds | peak RSS MiB | ÷ bare |", "|---|---:|---:|---:|",
             row(f"bare DuckDB `read_csv` into tables{_runs(base)}", base),
             row(f"`unionpipe load`{of_which}", p["load"]), row("`unionpipe publish`", p["publish"]),
             row("**full pipeline** (load + publish)", p["total"])]
    if "incremental_load" in p:
        lines.append(row(f"night adding {g['incremental']['rows']:,} members", p["incremental_load"]))
    if "quiet_load" in p:
        lines.append(row("quiet night, nothing new", p["quiet_load"]))
    lines.append(row(f"Dagster's own floor: one no-op asset in a fresh instance{_runs(floor)}",
                     {**floor, "ratio": None}))
    peak = max(p[s]["peak_rss_mib"] for s in PEAK_STAGES if s in p)
    lines += [f"| peak RSS (any stage above) | | {peak:,.0f} | |", *_findings(g)]
    return lines


def _curve(r: dict) -> list[str]:
    c = r.get("curve")
    if not c:
        return []
    lines = ["", "## Scaling curve: `unionpipe load` of the register shape", "", CURVE_DEFINITION, "",
             "| members | members CSV MiB | load s | quiet night s | **(load − quiet) s/M** | load s/M | "
             "`staging__members` s | its s/M | peak RSS MiB |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for pt in c["points"]:
        step = pt.get("members_step_seconds")
        lines.append(f"| {pt['members']:,}{' (the register run)' if pt['reused_register_run'] else ''} | "
                     f"{pt['csv_bytes'] / 1024**2:,.0f} | {pt['load_seconds']:,.1f} | {pt['quiet_seconds']:,.1f} | "
                     f"**{pt['s_per_m']:,.2f}** | {pt['load_s_per_m']:,.2f} | "
                     f"{'' if step is None else format(step, ',.1f')} | "
                     f"{'' if step is None else format(pt['members_step_s_per_m'], ',.2f')} | "
                     f"{pt['peak_rss_mib']:,.0f} |" + ("" if pt["load_ok"] else " ✘ failed"))
    lines += [f"- {s['label']} skipped: {s['reason']}" for s in c.get("skipped", [])]
    return lines


def _mixed(r: dict) -> list[str]:
    m = r.get("mixed")
    if not m:
        return []
    forms = ", ".join(f"{k} {v['files']} files / {v['rows']:,} rows" for k, v in m["forms"].items())
    return ["", f"### Mixed forms (scale {m['scale']:g}: {forms})", "",
            "| stage | wall s | peak RSS MiB | ÷ parse-only | exit |", "|---|---:|---:|---:|---:|",
            _row("parse only (GB18030/UTF-8 decode + Polars, XLSX via fastexcel)", m["parse_only"]),
            _row("`unionpipe load` of the same files", m["load"])]


def _monthly(r: dict) -> list[str]:
    m = r.get("monthly")
    if not m:
        return []
    return ["", f"## Monthly shape: the sample county at scale {m['scale']:g}, 12 monthly batches "
            f"(period {m['period']})", "", _rows_line(m["data"]), "", *_stage_table(m), *_findings(m), *_mixed(m),
            "", f"Data generation (not timed against the baseline): {m['data']['generate']['seconds']:,.1f} s, "
            f"peak {m['data']['generate']['peak_rss_mib']:,.0f} MiB."]


def _steps(r: dict) -> list[str]:
    lines = ["", "## Slowest Dagster steps", ""]
    for name in SHAPES:
        for stage, info in r.get(name, {}).get("dagster", {}).items():
            if info:
                steps = ", ".join(f"{s['step']} {s['seconds']:.1f}s" for s in info["slowest_steps"][:8])
                lines.append(f"- {SHAPES[name]}, {stage} ({info['job']}, run {info['run_seconds']:.1f}s): {steps}")
    return lines if len(lines) > 3 else []


def markdown(r: dict) -> str:
    """The human-readable page: targets, each shape's figures, the curve, machine."""
    m, floor = r["machine"], r["floor"]
    lines = [f"# unionpipe province-scale benchmark — {r['finished_at']}", "",
             f"`{r['command']}` · parts: {', '.join(r['parts'])}"
             + (" · **--quick: small sizes, figures not comparable with the targets' scale**" if r["quick"] else ""),
             "", "## Targets (issue 16)", "", *_targets(r), "",
             f"Dagster's floor (one no-op asset materialized in-process in a fresh instance, the whole process): "
             f"{floor['seconds']:,.1f} s{_runs(floor)}, peak {floor['peak_rss_mib']:,.0f} MiB.",
             *_register(r, floor), *_curve(r), *_monthly(r), *_steps(r), "", "## Machine", "",
             f"{m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM ({m['ram_available_gib']} GiB available), "
             f"{m['disk_free_gib']} GiB disk free; {m['os']}", "",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
             + f"; commit {m['commit']} (code from {m.get('project_dir')}).", "",
             "Peak RSS: the larger of the kernel's peak for the largest process of the stage's tree (wait4) "
             "and the tree's summed RSS sampled every 0.2 s. Every stage is a fresh process started from a "
             "small parent; the page cache was warm for all alike."]
    return "\n".join(lines) + "\n"


def write(r: dict, out_dir: Path) -> tuple[Path, Path]:
    """Write latest.json and latest.md (through a .tmp file, so a reader never sees half a file)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = out_dir / "latest.json", out_dir / "latest.md"
    for path, text in zip(paths, (json.dumps(r, indent=2, ensure_ascii=False) + "\n", markdown(r))):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return paths

"""The benchmark's figures against its targets, as JSON and as a page a person reads."""

from __future__ import annotations

import json
from pathlib import Path

# The targets: the full pipeline within 3× the bare load, under 4 GiB, a night of 0.1% new rows ≤ 5%.
TOTAL_RATIO_MAX = 3.0
PEAK_RSS_MAX_MIB = 4096
INCREMENTAL_PCT_MAX = 5.0
PIPELINE = ("load", "publish")  # the night's path: the gate runs inside both (asset checks; publish's own)
RECHECK = "check"  # the officer's on-demand re-check of every suite: measured, not in the total


def ratio(a: float, b: float) -> float | None:
    """a / b to two places, None when b is zero."""
    return round(a / b, 2) if b else None


def verdicts(r: dict) -> dict:
    """Each target: the figure, the limit and whether it was met."""
    peak = max(r["pipeline"][s]["peak_rss_mib"] for s in (*PIPELINE, RECHECK, "incremental_load", "quiet_load")
               if s in r["pipeline"])
    out = {
        "total_ratio": {"value": r["pipeline"]["total"]["ratio"], "max": TOTAL_RATIO_MAX},
        "peak_rss_mib": {"value": peak, "max": PEAK_RSS_MAX_MIB},
    }
    if "incremental_load" in r["pipeline"]:
        out["incremental_pct_of_full_load"] = {"value": r["incremental"]["pct_of_full_load"],
                                               "max": INCREMENTAL_PCT_MAX}
    for v in out.values():
        v["met"] = v["value"] is not None and v["value"] <= v["max"]
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
    lines = [f"- check, blocking failure: {line}" for line in p["check"].get("failing", [])]
    lines += [f"- load, file turned away: {line}" for line in p["load"].get("rejected_files", [])]
    return ["", "Findings of the stages:", "", *lines] if lines else []


def _targets(r: dict) -> list[str]:
    names = {"total_ratio": "full pipeline ÷ bare load", "peak_rss_mib": "peak RSS of any stage (MiB)",
             "incremental_pct_of_full_load": "incremental night, % of the full load"}
    lines = [f"- {'✔' if v['met'] else '✘'} {names[k]}: {v['value']} (target ≤ {v['max']:g})"
             for k, v in r["targets"].items()]
    night = r.get("incremental", {})
    if night.get("quiet_pct_of_full_load") is not None:
        lines.append(f"- of which a night with nothing new costs {night['quiet_pct_of_full_load']}% of the full load; "
                     f"the new rows add {night['added_pct_of_full_load']}%")
    return lines


def _mixed(r: dict) -> list[str]:
    m = r.get("mixed")
    if not m:
        return []
    forms = ", ".join(f"{k} {v['files']} files / {v['rows']:,} rows" for k, v in m["forms"].items())
    return ["", f"## Mixed forms (scale {m['scale']:g}: {forms})", "",
            "| stage | wall s | peak RSS MiB | ÷ parse-only | exit |", "|---|---:|---:|---:|---:|",
            _row("parse only (GB18030/UTF-8 decode + Polars, XLSX via fastexcel)", m["parse_only"]),
            _row("`unionpipe load` of the same files", m["load"])]


def _steps(r: dict) -> list[str]:
    lines = ["", "## Slowest Dagster steps", ""]
    for stage, info in r.get("dagster", {}).items():
        if info:
            steps = ", ".join(f"{s['step']} {s['seconds']:.1f}s" for s in info["slowest_steps"])
            lines.append(f"- {stage} ({info['job']}, run {info['run_seconds']:.1f}s): {steps}")
    return lines


def markdown(r: dict) -> str:
    """The human-readable page: figures, targets, data, machine."""
    d, m = r["data"], r["machine"]
    rows = ", ".join(f"{s} {c['rows']:,}" for s, c in d["rows"].items())
    lines = [f"# unionpipe province-scale benchmark — {r['finished_at']}", "",
             f"`{r['command']}` · scale {r['scale']:g} · period {r['period']} · "
             f"{d['files']} files, {d['bytes'] / 1024**2:,.0f} MiB of UTF-8 CSV", "",
             f"Rows generated: {rows}.", "", *_stage_table(r), *_findings(r),
             "", "## Targets", "", *_targets(r), *_mixed(r), *_steps(r), "", "## Machine", "",
             f"{m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM ({m['ram_available_gib']} GiB available), "
             f"{m['disk_free_gib']} GiB disk free; {m['os']}", "",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
             + f"; commit {m['commit']} (code from {m.get('project_dir')}).",
             "", f"Data generation (not timed against the baseline): {d['generate']['seconds']:,.1f} s, "
             f"peak {d['generate']['peak_rss_mib']:,.0f} MiB.",
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

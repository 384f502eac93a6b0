"""The single-file register shape's stages, and the scaling curve (`unionpipe load` at several member counts)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import batches
import dagster_steps
import figures
import stages
from figures import stage

# Disk per million members, measured at 1M: the CSV 119 MiB, the warehouse with its raw layer and the analysts'
# copy 116 MiB, the baseline database 36 MiB — doubled; and DuckDB's temporary files, up to its 2 GB memory cap.
MIB_PER_M, MIB_FIXED = 600, 2500
CURVE_STEP = "staging__members"


def need_mib(members: int) -> float:
    """Disk an estimate says one register run of this size needs."""
    return MIB_FIXED + MIB_PER_M * members / 1e6


def free_mib(path: Path) -> float:
    """Free disk where `path` is (or would be)."""
    while not path.exists():
        path = path.parent
    return shutil.disk_usage(path).free / 1024**2


def label(members: int) -> str:
    """10000000 → '10M', 200000 → '200k'."""
    return f"{members / 1e6:g}M" if members >= 1_000_000 else f"{members / 1e3:g}k"


def generated(raw: Path, members: int, logs: Path, env: dict, tag: str) -> dict:
    """The register shape with this many members: reused when a finished copy is kept, else written now."""
    if (earlier := figures.kept(raw)) is not None:
        return earlier
    facts = raw.parent / f"{raw.name}.facts.json"
    r = stage("register_generate", stages.register(raw, members, facts), logs, env, tag)
    if not r.ok:
        sys.exit(f"✘ writing the register shape failed: see {r.log}")
    out = {**r.as_dict(), "facts": json.loads(facts.read_text())}
    facts.unlink()
    (raw / figures.KEPT).write_text(json.dumps(out))
    return out


def register_shape(work: Path, raw: Path, members: int, logs: Path, env: dict) -> dict:
    """Bare load, load, publish, the two nights: the register shape's figures (as the monthly shape's)."""
    tag = "register-"
    gen = generated(raw, members, logs, env, tag)
    period = batches.latest_complete_period(raw)  # one batch date for all: the month before it
    counts_file = work / "register_counts.json"
    base, base_runs = figures.baseline(raw, work / "register_baseline.duckdb", counts_file, logs, env, tag)
    counts = json.loads(counts_file.read_text()) if base.ok else {}
    p, wh = figures.full(work / "register", raw, period, base, logs, env, tag)
    added, night = figures.nights(raw, wh, base, members, p["load"]["seconds"], logs, env, tag)
    p.update(added)
    files = [f for f in raw.glob("*/*.csv")]
    return {"members": members, "period": period,
            "period_chosen": "the month before the submission's one batch date, the only complete one: every "
                             "source has a batch after its end, which is how publish decides",
            "data": {"dir": str(raw), "files": len(files), "bytes": sum(f.stat().st_size for f in files),
                     "rows": counts, "generate": gen},
            "baseline": {**base.as_dict(), "counts": counts, "runs_seconds": base_runs},
            "pipeline": p, "incremental": night}


def curve_point(members: int, load: dict, quiet: dict, data_bytes: int, reused: bool) -> dict:
    """One size of the curve: the load, the quiet night on the same warehouse, and the cost per million."""
    m = members / 1e6
    return {"members": members, "label": label(members), "reused_register_run": reused, "csv_bytes": data_bytes,
            "load_seconds": load["seconds"], "quiet_seconds": quiet["seconds"],
            "load_window": [load["started_at"], load["ended_at"]],
            "peak_rss_mib": load["peak_rss_mib"], "load_ok": load["ok"] and quiet["ok"],
            "s_per_m": round((load["seconds"] - quiet["seconds"]) / m, 2), "load_s_per_m": round(load["seconds"] / m, 2)}


def with_member_steps(curve_result: dict) -> dict:
    """The curve with each load's staging__members step (read from Dagster once every stage is done, so
    the parent, which imports Dagster to read it, stays small while stages run)."""
    for point in curve_result["points"]:
        info = dagster_steps.step_seconds(tuple(point["load_window"]), top=None)
        seconds = next((s["seconds"] for s in info.get("slowest_steps", []) if s["step"] == CURVE_STEP), None)
        point["members_step_seconds"] = seconds
        point["members_step_s_per_m"] = None if seconds is None else round(seconds / (point["members"] / 1e6), 2)
    return curve_result


def curve_size(work: Path, members: int, keep_dir: Path | None, logs: Path, env: dict) -> dict:
    """Write, load and quietly reload the register shape at one size; then delete it (unless kept)."""
    tag = f"curve-{label(members)}-"
    raw = (keep_dir / f"register-{members}") if keep_dir else work / f"curve-{label(members)}" / "raw"
    gen = generated(raw, members, logs, env, tag)
    wh = work / f"curve-{label(members)}" / "warehouse" / "unionpipe.duckdb"
    load = stage("load", stages.load(raw, wh), logs, env, tag).as_dict()
    quiet = stage("quiet_load", stages.load(raw, wh), logs, env, tag).as_dict()
    point = curve_point(members, load, quiet, gen["facts"]["files"]["members"]["bytes"], False)
    shutil.rmtree(work / f"curve-{label(members)}")  # the warehouse (and the data, unless kept elsewhere)
    return {**point, "generate_seconds": gen["seconds"]}


def curve(work: Path, sizes: list[int], register: dict | None, keep_dir: Path | None, logs: Path,
          env: dict) -> dict:
    """The scaling curve: each size measured (or the register run reused); sizes the disk cannot hold skipped."""
    points, skipped = [], []
    for members in sorted(sizes):
        if register and register["members"] == members and "quiet_load" in register["pipeline"]:
            p = register["pipeline"]
            points.append(curve_point(members, p["load"], p["quiet_load"],
                                      register["data"]["generate"]["facts"]["files"]["members"]["bytes"], True))
            continue
        need, free = need_mib(members), free_mib(work)
        if free < need:
            skipped.append({"members": members, "label": label(members),
                            "reason": f"{free:,.0f} MiB free in {work}, about {need:,.0f} MiB needed"})
            print(f"– curve {label(members)} skipped: {skipped[-1]['reason']}", flush=True)
            continue
        points.append(curve_size(work, members, keep_dir, logs, env))
    return {"points": points, "skipped": skipped, "step": CURVE_STEP}

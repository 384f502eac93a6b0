"""The figures of the benchmark's two comparisons: (b) the full pipeline and its incremental night against
(a) the bare load, and the mixed forms' load against their parse-only baseline."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import report
import stages
from measure import StageResult, run_stage

MIXED_SCALE, INCREMENTAL_FRACTION = 4, 0.001
OFFICER_ROWS = 100_000  # the members file an officer checks with `unionpipe validate` (issue 13: "in seconds")
# The bare load is short and this host is shared: one run has taken from 17.7 s to 23.5 s. Every ratio
# divides by it, so it is run three times and the run of median wall time stands for it.
BASELINE_RUNS = 3


FLOOR_RUNS = 3  # Dagster's floor is short and noisy too: the median of three, each in a fresh instance


KEPT = ".benchmark-generated.json"  # written last, so a folder holding it is complete


def kept(raw: Path) -> dict | None:
    """What generated the data kept in `raw`, when a finished copy is there; else None (a half-written copy from an
    interrupted run is removed)."""
    marker = raw / KEPT
    if marker.exists():
        print(f"✔ reusing the data kept in {raw}", flush=True)
        return {**json.loads(marker.read_text()), "reused": True}
    if raw.exists():
        shutil.rmtree(raw)
    return None


def stage(name: str, argv: list[str], logs: Path, env: dict, tag: str = "") -> StageResult:
    """Run and print one stage; `tag` (e.g. 'register-') names its log apart from the same stage of another shape."""
    print(f"… {tag}{name}: {shlex.join(argv[-6:])}", flush=True)
    r = run_stage(name, argv, logs / f"{tag}{name}.log", stages.OK_CODES[name], env)
    mark = "✔" if r.ok else "✘"
    print(f"{mark} {tag}{name}: {r.seconds:,.1f} s, peak {r.peak_rss_mib:,.0f} MiB, exit {r.exit_code}", flush=True)
    return r


def median_run(runs: list[StageResult]) -> tuple[StageResult, list[float]]:
    """The run of median wall time (the first failed run, if any failed), and every run's seconds."""
    if not all(r.ok for r in runs):
        return next(r for r in runs if not r.ok), [r.seconds for r in runs]
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2], [r.seconds for r in runs]


def baseline(raw: Path, db: Path, counts: Path, logs: Path, env: dict,
             tag: str = "") -> tuple[StageResult, list[float]]:
    """(a) The bare load, BASELINE_RUNS times into a fresh file: the median run, and every run's seconds."""
    return median_run([stage("baseline", stages.baseline(raw, db, counts), logs, env, tag)
                       for _ in range(BASELINE_RUNS)])


def floor(work: Path, logs: Path, env: dict) -> dict:
    """Dagster's own floor: one no-op asset materialized in-process, each run in a fresh instance; the median."""
    runs = [stage("floor", stages.floor(work / f"floor_home_{k}"), logs, env, f"{k}-") for k in range(FLOOR_RUNS)]
    median, seconds = median_run(runs)
    return {**median.as_dict(), "runs_seconds": seconds}


def with_ratio(r: StageResult, base: float) -> dict:
    """A stage's result with its ratio to the base time."""
    return {**r.as_dict(), "ratio": report.ratio(r.seconds, base)}


def marked_lines(log: str, marks: tuple[str, ...]) -> list[str]:
    """The lines of a stage's output that start with one of these marks (failed checks, rejected files)."""
    text = Path(log).read_text(encoding="utf-8", errors="replace")
    return [" ".join(line.split()) for line in text.splitlines() if line.lstrip().startswith(marks)][:20]


def officer_file(raw: Path, work: Path, rows: int) -> Path:
    """The first `rows` rows of the largest members file, under its own name, as an officer's spreadsheet
    saves it again (CRLF line ends: other bytes, so not a copy of the loaded file; the same rows, so it
    would replace loaded records), in a folder of its own."""
    largest = max((raw / "members").glob("*.csv"), key=lambda f: f.stat().st_size)
    out = work / "officer" / largest.name
    out.parent.mkdir(parents=True, exist_ok=True)
    with largest.open("rb") as src, out.open("wb") as dst:
        for i, line in enumerate(src):  # the benchmark's plain CSV holds no line breaks inside cells
            if i > rows:
                break
            dst.write(line.rstrip(b"\r\n") + b"\r\n")
    return out


def full(work: Path, raw: Path, period: str, base: StageResult, logs: Path, env: dict,
         tag: str = "") -> tuple[dict, Path]:
    """(b) load and publish, the night's path with the gate inside both: each with its ratio, and their total."""
    wh = work / "warehouse" / "unionpipe.duckdb"
    runs = {"load": stage("load", stages.load(raw, wh), logs, env, tag),
            "publish": stage("publish", stages.publish(wh, period, work / "published"), logs, env, tag)}
    p = {k: with_ratio(v, base.seconds) for k, v in runs.items()}
    p["load"]["rejected_files"] = marked_lines(runs["load"].log, ("✘ ",))
    total = sum(v.seconds for v in runs.values())
    p["total"] = {"seconds": round(total, 2), "peak_rss_mib": max(v.peak_rss_mib for v in runs.values()),
                  "ratio": report.ratio(total, base.seconds)}
    return p, wh


def nights(raw: Path, wh: Path, base: StageResult, members: int, full_load: float, logs: Path, env: dict,
           tag: str = "") -> tuple[dict, dict]:
    """The incremental night (0.1% new members), then a quiet night (nothing new): their stages and facts."""
    made = logs.parent / f"{tag}incremental_batch.json"
    if not stage("incremental_batch", stages.incremental_batch(raw, INCREMENTAL_FRACTION, members, made),
                 logs, env, tag).ok:
        return {}, {"error": f"writing the batch failed: see {logs / f'{tag}incremental_batch.log'}"}
    batch = json.loads(made.read_text())
    path, rows = Path(batch["path"]), batch["rows"]
    try:
        night = stage("incremental_load", stages.load(raw, wh), logs, env, tag)
    finally:
        path.unlink()  # derived; a kept data folder stays the generator's output alone
    # The same night with nothing new: what a night costs whatever arrives (start-up, Dagster's records,
    # the checks that name today, the analysts' copy). The difference is what the new rows cost.
    quiet = stage("quiet_load", stages.load(raw, wh), logs, env, tag)
    p = {"incremental_load": with_ratio(night, base.seconds), "quiet_load": with_ratio(quiet, base.seconds)}
    pct = lambda t: round(100 * t / full_load, 1) if full_load else None  # noqa: E731
    return p, {"file": path.name, "rows": rows, "fraction": INCREMENTAL_FRACTION,
               "pct_of_full_load": pct(night.seconds), "quiet_pct_of_full_load": pct(quiet.seconds),
               "added_seconds": round(night.seconds - quiet.seconds, 2),
               "added_pct_of_full_load": pct(night.seconds - quiet.seconds)}


def pipeline(work: Path, raw: Path, period: str, base: StageResult, members: int, logs: Path,
             env: dict) -> tuple[dict, dict]:
    """(b): load and publish (the night's path, with the gate inside both), then `check` (the officer's
    re-check of everything, outside the total) and the officer's other commands, then the incremental and
    quiet nights; figures and incremental facts."""
    p, wh = full(work, raw, period, base, logs, env)
    recheck = stage("check", stages.check(wh, period), logs, env)
    page = stage("report", stages.county_report(wh, period, work / "report.html"), logs, env)
    p.update({k: with_ratio(v, base.seconds) for k, v in {"check": recheck, "report": page}.items()})
    counties = sorted(d.name for d in (work / "published").iterdir()) if (work / "published").is_dir() else []
    if counties:  # an officer explaining the county's largest count, outside the total
        listed = stage("explain", stages.explain(wh, period, counties[0], work / "explain.csv"), logs, env)
        p["explain"] = with_ratio(listed, base.seconds)
    p["check"]["failing"] = marked_lines(recheck.log, ("✘ 未通过",))
    officer = stage("validate", stages.validate(officer_file(raw, work, OFFICER_ROWS), wh), logs, env)
    p["validate"] = {**with_ratio(officer, base.seconds), "rows": OFFICER_ROWS}
    added, night = nights(raw, wh, base, members, p["load"]["seconds"], logs, env)
    return {**p, **added}, night


def mixed(work: Path, logs: Path, env: dict) -> dict:
    """The GB18030/XLSX forms: `unionpipe load` against a parse-only baseline of the same files."""
    raw, counts = work / "mixed" / "raw", work / "mixed" / "forms.json"
    gen = stage("mixed_generate", stages.generate(raw, MIXED_SCALE, "mixed"), logs, env)
    parse = stage("parse_only", stages.parse_only(raw, counts), logs, env)
    load = stage("mixed_load", stages.load(raw, work / "mixed" / "warehouse.duckdb"), logs, env)
    return {"scale": MIXED_SCALE, "generate": gen.as_dict(), "parse_only": {**parse.as_dict(), "ratio": 1.0},
            "load": with_ratio(load, parse.seconds), "ratio": report.ratio(load.seconds, parse.seconds),
            "forms": json.loads(counts.read_text()) if counts.exists() else {}}

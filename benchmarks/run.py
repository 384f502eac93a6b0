"""Province-scale benchmark: the full pipeline against a bare DuckDB load of the same files, on the monthly
and the single-file register shapes; Dagster's floor; the scaling curve.

    python benchmarks/run.py [--only monthly,register,curve] [--scale 400] [--members N] [--curve 1,3,10,30]
                             [--quick] [--keep] [--work DIR]

Prints each stage's wall time, peak memory and ratio to the bare load, and writes
benchmarks/results/latest.json and latest.md (every target of issue 16, met or not). A script that prints
figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, however this is started

import batches  # noqa: E402
import dagster_steps  # noqa: E402
import figures  # noqa: E402
import machine  # noqa: E402
import register_run  # noqa: E402
import report  # noqa: E402
import stages  # noqa: E402
from figures import stage  # noqa: E402

HERE = Path(__file__).resolve().parent
QUICK_SCALE = 4
PARTS = ("monthly", "register", "curve")
DEFAULT_MEMBERS, QUICK_MEMBERS = 10_000_000, 200_000
DEFAULT_CURVE, QUICK_CURVE = "1,3,10,30", "0.1,0.2"
# Disk per unit of scale: 14 MiB seen at scale 400 (1.2 GB CSV, 3.9 GB warehouse, 0.5 GB baseline), doubled
# for DuckDB's temporary files.
MIB_PER_SCALE, MIB_FIXED = 30, 500
# What the stages write in the work folder (never anything else there: --work may be any folder).
WRITTEN = ("warehouse", "published", "mixed", "raw", "officer", "report.html", "explain.csv", "baseline.duckdb",
           "baseline_counts.json", "incremental_batch.json", "register", "register-raw", "register_*",
           "register-*", "curve-*", "floor_home_*")


def sizes(text: str) -> list[int]:
    """'1,3,10,30' (millions of members; '0.2' is 200,000) as member counts."""
    return [round(float(t) * 1e6) for t in text.split(",") if t.strip()]


def parts(text: str) -> list[str]:
    """'register,curve' as the parts to run, checked against PARTS."""
    chosen = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in chosen if t not in PARTS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown part {', '.join(unknown)}: choose among {', '.join(PARTS)}")
    return chosen


def options(argv: list[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", type=parts, default=list(PARTS),
                   help=f"the parts to run, comma-separated among {', '.join(PARTS)} (default: all)")
    p.add_argument("--scale", type=float, default=400, help="monthly shape: sample scale (400 ≈ 11M member rows)")
    p.add_argument("--members", type=int, default=DEFAULT_MEMBERS,
                   help=f"register shape: member rows (default {DEFAULT_MEMBERS:,})")
    p.add_argument("--curve", type=sizes, default=sizes(DEFAULT_CURVE),
                   help=f"scaling curve: millions of members, comma-separated (default {DEFAULT_CURVE}; a size "
                   "the disk cannot hold is skipped and said so)")
    p.add_argument("--quick", action="store_true", help=f"small sizes (scale {QUICK_SCALE}, register "
                   f"{QUICK_MEMBERS:,} members, curve {QUICK_CURVE}M): try the script in a few minutes")
    p.add_argument("--keep", action="store_true", help="keep the generated data under benchmarks/data/ "
                   "(reused next time) and the warehouses in the work folder")
    p.add_argument("--work", type=Path, help="work folder (default: a new temporary folder)")
    p.add_argument("--period", help="monthly shape: period to check and publish (default: the data's latest "
                   "complete month)")
    p.add_argument("--dagster-home", type=Path, help="Dagster instance (default: a folder in the work folder)")
    args = p.parse_args(argv)
    if args.quick:
        args.scale, args.members, args.curve = QUICK_SCALE, QUICK_MEMBERS, sizes(QUICK_CURVE)
    return args


def remove(path: Path) -> None:
    """Delete a file or a folder tree, if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def enough_disk(work: Path, scale: float) -> None:
    """Stop before starting when the work folder's disk cannot hold the data and the warehouses."""
    need = MIB_FIXED + MIB_PER_SCALE * scale
    free = shutil.disk_usage(work).free / 1024**2
    if free < need:
        sys.exit(f"✘ not enough disk in {work}: {free:,.0f} MiB free, "
                 f"about {need:,.0f} MiB needed at scale {scale:g}")
    print(f"disk: {free:,.0f} MiB free in {work}, about {need:,.0f} MiB needed", flush=True)


def generated(raw: Path, scale: float, logs: Path, env: dict) -> dict:
    """The csv-utf8 data at this scale: reused when a finished copy is kept, else generated now."""
    if (earlier := figures.kept(raw)) is not None:
        return earlier
    r = stage("generate", stages.generate(raw, scale, "csv-utf8"), logs, env)
    if not r.ok:
        sys.exit(f"✘ generating the data failed: see {r.log}")
    (raw / figures.KEPT).write_text(json.dumps(r.as_dict()))
    return r.as_dict()


def data_facts(raw: Path, counts: dict, gen: dict) -> dict:
    """Files, bytes and rows of the generated data."""
    files = [p for p in raw.glob("*/*.csv")]
    return {"dir": str(raw), "files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "rows": counts, "generate": gen}


def monthly(args: argparse.Namespace, work: Path, logs: Path, env: dict) -> dict:
    """The monthly shape (the sample county at this scale, 12 monthly batches): every stage and its figures."""
    enough_disk(work, args.scale)
    raw = HERE / "data" / f"scale-{args.scale:g}-csv-utf8" if args.keep else work / "raw"
    gen = generated(raw, args.scale, logs, env)
    period = args.period or batches.latest_complete_period(raw)
    counts_file = work / "baseline_counts.json"
    base, base_runs = figures.baseline(raw, work / "baseline.duckdb", counts_file, logs, env)
    counts = json.loads(counts_file.read_text()) if base.ok else {}
    members = counts.get("members", {}).get("rows", 0)
    pipeline, night = figures.pipeline(work, raw, period, base, members, logs, env)
    out = {"scale": args.scale, "period": period, "data": data_facts(raw, counts, gen),
           "baseline": {**base.as_dict(), "counts": counts, "runs_seconds": base_runs},
           "pipeline": pipeline, "incremental": night, "mixed": figures.mixed(work, logs, env)}
    clean(work, args.keep)
    return out


def register(args: argparse.Namespace, work: Path, logs: Path, env: dict) -> dict:
    """The single-file register shape at --members: every stage and its figures."""
    need, free = register_run.need_mib(args.members), register_run.free_mib(work)
    if free < need:
        sys.exit(f"✘ not enough disk in {work}: {free:,.0f} MiB free, about {need:,.0f} MiB needed "
                 f"for the register shape at {args.members:,} members")
    raw = HERE / "data" / f"register-{args.members}" if args.keep else work / "register-raw"
    out = register_run.register_shape(work, raw, args.members, logs, env)
    clean(work, args.keep)
    return out


def clean(work: Path, keep: bool, also: tuple[str, ...] = ()) -> None:
    """Delete what the benchmark wrote in the work folder, its logs and Dagster instance aside (unless kept):
    each part leaves the disk as it found it."""
    if not keep:
        for pattern in (*WRITTEN, *also):
            for path in work.glob(pattern):
                remove(path)


def dagster_figures(results: dict) -> None:
    """Slowest Dagster steps of each shape's runs, read once every stage is done (the parent stays small)."""
    if "monthly" in results:
        m = results["monthly"]
        runs = {**{s: m["pipeline"][s] for s in ("load", "publish", "incremental_load", "quiet_load")
                   if s in m["pipeline"]}, "mixed_load": m["mixed"]["load"]}
        m["dagster"] = {s: dagster_steps.step_seconds((r["started_at"], r["ended_at"])) for s, r in runs.items()}
    if "register" in results:
        p = results["register"]["pipeline"]
        results["register"]["dagster"] = {
            s: dagster_steps.step_seconds((p[s]["started_at"], p[s]["ended_at"]), top=None)
            for s in ("load", "publish", "incremental_load", "quiet_load") if s in p}
    if "curve" in results:
        register_run.with_member_steps(results["curve"])


def failed_stages(results: dict) -> list[str]:
    """Names of the measured stages that failed."""
    measured = [results["floor"]]
    for shape in ("monthly", "register"):
        if shape in results:
            r = results[shape]
            measured += [r["baseline"], *r["pipeline"].values()]
            if "mixed" in r:
                measured += [r["mixed"]["parse_only"], r["mixed"]["load"]]
    failed = [s["name"] for s in measured if not s.get("ok", True)]
    failed += [f"curve {p['label']}" for p in results.get("curve", {}).get("points", []) if not p["load_ok"]]
    return failed


def main(argv: list[str] | None = None) -> int:
    """Run the chosen parts, write the results, clean up; 1 when a stage failed."""
    args = options(argv)
    work = (args.work or Path(tempfile.mkdtemp(prefix="unionpipe-bench-"))).resolve()
    logs = work / "logs"
    clean(work, False)  # a fresh warehouse and baseline every run (kept data lives in benchmarks/data/)
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DAGSTER_HOME": str((args.dagster_home or work / "dagster_home").resolve())}
    # A generated province is not the bundled sample: it loads with a key of its own, as a county's would.
    env.setdefault("UNIONPIPE_PII_KEY", "benchmark-key-not-the-demonstration-one")
    os.environ["DAGSTER_HOME"] = env["DAGSTER_HOME"]  # for reading the runs' step times afterwards
    command = shlex.join(["python", "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
    results = {"command": command, "parts": args.only, "quick": args.quick, "work": str(work),
               "machine": machine.facts(work), "floor": figures.floor(work, logs, env)}
    if "monthly" in args.only:
        results["monthly"] = monthly(args, work, logs, env)
    if "register" in args.only:
        results["register"] = register(args, work, logs, env)
    if "curve" in args.only:
        keep_dir = HERE / "data" if args.keep else None
        results["curve"] = register_run.curve(work, args.curve, results.get("register"), keep_dir, logs, env)
    dagster_figures(results)
    results["targets"] = report.verdicts(results)
    results["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    paths = report.write(results, HERE / "results")
    print("\n" + report.markdown(results))
    print(f"written: {paths[0]}, {paths[1]}; logs: {logs}")
    clean(work, args.keep, ("dagster_home",) if not args.dagster_home else ())
    failed = failed_stages(results)
    if failed:
        print(f"✘ stages that failed: {', '.join(failed)} (see their logs)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

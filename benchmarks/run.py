"""Province-scale benchmark: the full pipeline against a bare DuckDB load of the same files.

    python benchmarks/run.py [--scale 400] [--quick] [--keep] [--work DIR]

Prints each stage's wall time, peak memory and ratio to the bare load, and writes
benchmarks/results/latest.json and latest.md. A script that prints figures, not a test.
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
import report  # noqa: E402
import stages  # noqa: E402
from figures import stage  # noqa: E402

HERE = Path(__file__).resolve().parent
QUICK_SCALE = 4
# Disk per unit of scale: 14 MiB seen at scale 400 (1.2 GB CSV, 3.9 GB warehouse, 0.5 GB baseline), doubled
# for DuckDB's temporary files.
MIB_PER_SCALE, MIB_FIXED = 30, 500


def options(argv: list[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=float, default=400, help="sample scale (400 ≈ 11M member rows); default 400")
    p.add_argument("--quick", action="store_true", help=f"scale {QUICK_SCALE}: try the script in a minute")
    p.add_argument("--keep", action="store_true", help="keep the generated data under benchmarks/data/ "
                   "(reused next time) and the warehouse in the work folder")
    p.add_argument("--work", type=Path, help="work folder (default: a new temporary folder)")
    p.add_argument("--period", help="period to check and publish (default: the data's latest complete month)")
    p.add_argument("--dagster-home", type=Path, help="Dagster instance (default: a folder in the work folder)")
    return p.parse_args(argv)


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
    marker = raw / ".benchmark-generated.json"
    if marker.exists():
        print(f"✔ reusing the data kept in {raw}", flush=True)
        return {**json.loads(marker.read_text()), "reused": True}
    if raw.exists():
        shutil.rmtree(raw)  # a half-written copy from an interrupted run
    r = stage("generate", stages.generate(raw, scale, "csv-utf8"), logs, env)
    if not r.ok:
        sys.exit(f"✘ generating the data failed: see {r.log}")
    marker.write_text(json.dumps(r.as_dict()))
    return r.as_dict()


def data_facts(raw: Path, counts: dict, gen: dict) -> dict:
    """Files, bytes and rows of the generated data."""
    files = [p for p in raw.glob("*/*.csv")]
    return {"dir": str(raw), "files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "rows": counts, "generate": gen}


def main(argv: list[str] | None = None) -> int:
    """Run every stage, write the results, clean up; 1 when a stage failed."""
    args = options(argv)
    scale = QUICK_SCALE if args.quick else args.scale
    work = (args.work or Path(tempfile.mkdtemp(prefix="unionpipe-bench-"))).resolve()
    logs = work / "logs"
    for old in ("warehouse", "published", "mixed", "baseline.duckdb", "raw", "officer"):
        remove(work / old)  # a fresh warehouse and baseline every run
    logs.mkdir(parents=True, exist_ok=True)
    enough_disk(work, scale)
    env = {**os.environ, "DAGSTER_HOME": str((args.dagster_home or work / "dagster_home").resolve())}
    # A generated province is not the bundled sample: it loads with a key of its own, as a county's would.
    env.setdefault("UNIONPIPE_PII_KEY", "benchmark-key-not-the-demonstration-one")
    os.environ["DAGSTER_HOME"] = env["DAGSTER_HOME"]  # for reading the runs' step times afterwards
    raw = HERE / "data" / f"scale-{scale:g}-csv-utf8" if args.keep else work / "raw"

    gen = generated(raw, scale, logs, env)
    period = args.period or batches.latest_complete_period(raw)
    counts_file = work / "baseline_counts.json"
    base, base_runs = figures.baseline(raw, work / "baseline.duckdb", counts_file, logs, env)
    counts = json.loads(counts_file.read_text()) if base.ok else {}
    members = counts.get("members", {}).get("rows", 0)
    pipeline, night = figures.pipeline(work, raw, period, base, members, logs, env)
    command = shlex.join(["python", "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
    results = {"command": command,
               "scale": scale, "period": period, "work": str(work), "machine": machine.facts(work),
               "data": data_facts(raw, counts, gen), "baseline": {**base.as_dict(), "counts": counts, "runs_seconds": base_runs},
               "pipeline": pipeline, "incremental": night, "mixed": figures.mixed(work, logs, env)}
    dagster_runs = {**{s: pipeline[s] for s in ("load", "publish", "incremental_load", "quiet_load") if s in pipeline},
                    "mixed_load": results["mixed"]["load"]}
    results["dagster"] = {s: dagster_steps.step_seconds((r["started_at"], r["ended_at"]))
                          for s, r in dagster_runs.items()}
    results["targets"] = report.verdicts(results)
    results["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    paths = report.write(results, HERE / "results")
    print("\n" + report.markdown(results))
    print(f"written: {paths[0]}, {paths[1]}; logs: {logs}")
    if not args.keep:
        for child in work.iterdir():
            if child != logs:
                remove(child)
    measured = (results["baseline"], *pipeline.values(), results["mixed"]["parse_only"], results["mixed"]["load"])
    failed = [s["name"] for s in measured if not s.get("ok", True)]
    if failed:
        print(f"✘ stages that failed: {', '.join(failed)} (see their logs)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

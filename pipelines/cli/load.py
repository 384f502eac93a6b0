"""`unionpipe load` and `unionpipe status`: run the nightly load now, and see the recent loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from pipelines.cli.app import RAW_HELP, WAREHOUSE_HELP, app
from pipelines.cli.report import failed_checks
from pipelines.cli.words import EXIT_FAILED, EXIT_REJECTED, say, step_refusals
from pipelines.ingest.assets import landed_anywhere
from pipelines.ingest.awaiting import awaiting
from pipelines.ingest.progress import watch_terminal
from pipelines.ingest.summary import files_of_run
from pipelines.jobs import NIGHTLY_LOAD
from pipelines.keys import DemoKeyRefused, checked_pii_key
from pipelines.runner import apply_overrides, run_job
from pipelines.warehouse import connect, read_sql


def file_line(f: dict) -> str:
    """One line per file for the officer: fate and counts, reasons in Chinese beside the code."""
    if f["status"] == "loaded":
        return (f"  ✔ {f['rel_path']}: 读取 read {f['rows_read']} · 入库 loaded {f['rows_loaded']} · "
                f"重复 duplicates {f['rows_duplicate']} · 隔离 quarantined {f['rows_quarantined']} · "
                f"提醒 warned {f['rows_warned']}")
    if f["status"] == "duplicate":
        return f"  = {f['rel_path']}: duplicate_file — {f['reason_zh']}（同 {f['duplicate_of']}）"
    return f"  ✘ {f['rel_path']}: {f['reason_code']} — {f['reason_zh']}。{f['reason_detail'] or ''}"


@app.command()
def load(
    raw: Path = typer.Option(None, "--raw", help=RAW_HELP),
    warehouse: Path = typer.Option(None, "--warehouse", help=WAREHOUSE_HELP),
) -> None:
    """Run the nightly-load job now (in-process, recorded in Dagster) and print a per-file summary."""
    settings = apply_overrides(raw, warehouse)
    try:
        checked_pii_key(settings.pii_key(), Path(settings.raw_dir))
    except DemoKeyRefused as exc:
        typer.echo(f"✘ {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"Loading {settings.raw_dir} into {settings.warehouse_path} …")
    watch_terminal()  # before the run: Dagster then captures stdout and stderr (progress.py)
    # New files: GE's helper starts now, its import overlapping Dagster's start-up; a night with nothing new
    # judges nothing (the checks naming the date keep GE's verdicts: validate/run.py), so it starts none.
    result = run_job(NIGHTLY_LOAD, settings, judges=landed_anywhere(settings))
    con = connect(settings.warehouse_path)
    try:
        files = files_of_run(con, result.run_id)
    finally:
        con.close()
    typer.echo(f"\n本次导入 Load summary (run {result.run_id[:8]}): {len(files)} new file(s)")
    for f in files:
        typer.echo(file_line(f))
    if not files:
        typer.echo("  没有新文件 (no new files)")
    checks = failed_checks(result)
    if checks:
        typer.echo("\n未通过的数据检查 Checks that did not pass (unionpipe check for details):")
        for line in checks:
            typer.echo(line)
    if not result.success:
        typer.echo("导入作业未完成 The load job did not finish:", err=True)
        for refusal in step_refusals(result):
            say(refusal)
        raise typer.Exit(EXIT_FAILED)
    rejected = [f for f in files if f["status"] == "rejected"]
    if rejected:
        typer.echo(f"\n✘ {len(rejected)} 个文件被整体退回 file(s) rejected as a whole: 请修正后重新提交。", err=True)
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def status(
    warehouse: Path = typer.Option(None, "--warehouse", help=WAREHOUSE_HELP),
    limit: int = typer.Option(10, help="How many recent loads to show."),
    today: dt.datetime = typer.Option(None, "--today", formats=["%Y-%m-%d"],
                                      help="Count waits up to this day, YYYY-MM-DD (default: today)."),
) -> None:
    """Show the recent loads, then what still waits for a resubmission per township or system, and since when."""
    settings = apply_overrides(None, warehouse)
    con = connect(settings.warehouse_path)
    try:
        runs = con.execute(read_sql("audit/recent_runs.sql"), [limit]).fetchall()
        typer.echo("最近的导入 Recent loads")
        typer.echo("finished_at          run       files  loaded  rejected  dup  rows_read  loaded  dup  quarantined")
        for r in runs:
            typer.echo(f"{r[1]:%Y-%m-%d %H:%M:%S}  {r[0][:8]}  {r[2]:>5}  {r[3]:>6}  {r[4]:>8}  {r[5]:>3}  "
                       f"{r[6]:>9}  {r[7]:>6}  {r[8]:>3}  {r[9]:>11}")
        if not runs:
            typer.echo("  还没有导入记录 (no loads yet)")
        day = today.date() if today else dt.date.today()
        waiting = awaiting(con, settings.pii_key(), day)
    finally:
        con.close()
    for line in awaiting_lines(waiting, day):
        typer.echo(line)


def awaiting_lines(waiting: list[dict], today: dt.date) -> list[str]:
    """What still waits for a resubmission, grouped by township or system (Chinese name and code), oldest first."""
    lines = [f"\n待重新报送 Awaiting a corrected resubmission（截至 as of {today}）"]
    if not waiting:
        return lines + ["  没有待处理的退回文件或隔离行 nothing waits"]
    group = object()
    for w in waiting:
        here = (w["org_code"], w["org_name"])
        if here != group:
            group = here
            name = w["org_name"] or ("未知代码 unknown code" if w["org_code"] else "未能确定乡镇（系统） not known")
            lines.append(f"{name} {w['org_code'] or ''}".rstrip())
        wait = f"已等待 {w['days_waiting']} 天 waiting {w['days_waiting']} day(s)"
        if w["kind"] == "file":
            lines.append(f"  ✘ 整份退回 file rejected  {w['rel_path']}: {w['reason_codes']} — {w['messages_zh']}  {wait}")
        else:
            key = f"（{w['record_key']}）" if w["record_key"] else ""
            lines.append(f"  ✘ 隔离行 row  {w['rel_path']} 第 {w['row_number']} 行 row {w['row_number']}{key}: "
                         f"{w['reason_codes']} — {w['messages_zh']}  {wait}")
    return lines


"""`unionpipe check`: run every check of the gate now and show the officer where each one stands."""

from __future__ import annotations

from pathlib import Path

import typer

from pipelines.cli.app import WAREHOUSE_HELP, app
from pipelines.cli.words import EXIT_REJECTED, check_refusal, org_names, refusal_lines, say, with_org_names
from pipelines.indicators.compute import compute_indicators
from pipelines.publish.refusal import PublishRefused, refuse_while_incomplete
from pipelines.settings import Settings
from pipelines.validate.gate import open_blocking_failures
from pipelines.validate.judge_process import start_helper
from pipelines.validate.results import CheckResult
from pipelines.validate.run import period_end, run_all_checks
from pipelines.warehouse import writing

SEVERITY_ZH = {"blocking": "阻断", "warning": "提醒"}


def state_of(r: CheckResult) -> str:
    """The check's state in Chinese and English: passed, failed (blocking) or warning."""
    if r.passed:
        return "✔ 通过 passed "
    return "✘ 未通过 FAILED" if r.blocking else "! 提醒 WARNING"


def check_line(r: CheckResult, names: dict[str, str] | None = None) -> str:
    """One row of the table: state, severity, check, table, expected → observed, the rule in Chinese."""
    severity = f"{SEVERITY_ZH[r.severity]} {r.severity}"
    row = f"{state_of(r)}  {severity:<12} {r.check_name:<42} {r.table_name:<17}"
    line = f"{row} {r.expected} → {r.observed}\n{'':<17}{r.rule_zh}"
    return f"{line}\n{'':<17}例 e.g.: {with_org_names(r.detail, names or {})}" if r.detail else line


def incomplete_refusal(con, period: str) -> list[str]:
    """PERIOD_INCOMPLETE as publishing would say it (sources by their Chinese names), or [] when complete."""
    try:
        refuse_while_incomplete(con, period)
    except PublishRefused as exc:
        return refusal_lines(exc.code, exc.message_zh, exc.message_en, exc.items)
    return []


@app.command()
def check(
    warehouse: Path = typer.Option(None, "--warehouse", help=WAREHOUSE_HELP),
    period: str = typer.Option(None, "--period", help="Also check this period YYYY-MM (or a quarter YYYY-Qn, a year YYYY): complete sources, and its "
                               "indicators (recomputed first, as publishing does)."),
) -> None:
    """Run every suite now (table checks; period checks with --period) and print each check's state.

    Exits 1 while a blocking check fails (publishing is refused until then).
    """
    if period:
        try:
            period_end(period)
        except ValueError as exc:
            raise typer.BadParameter(f"{exc}（期间格式应为 YYYY-MM）", param_hint="--period") from exc
    settings = Settings.from_env(warehouse_path=str(warehouse) if warehouse else None)
    start_helper()  # GE's import overlaps DuckDB's measuring
    with writing(settings.warehouse_path) as con:
        if period:
            # Judge the month as publishing would: on indicators computed from the core tables as they stand.
            compute_indicators(con, period, settings.employee_threshold)
        results = run_all_checks(con, settings, period)
        failing = open_blocking_failures(con, period)
        names = org_names(con)
        incomplete = incomplete_refusal(con, period) if period else []
    typer.echo(f"检查结果 Check results ({results[0].run_id}) — {settings.warehouse_path}"
               + (f", 期间 period {period}" if period else ""))
    for r in results:
        typer.echo(check_line(r, names))
    warnings = sum(1 for r in results if not r.passed and not r.blocking)
    if any(r.docs_path for r in results):
        typer.echo(f"\n数据文档 Data Docs: {settings.docs_dir / 'index.html'}")
    if failing:
        typer.echo("", err=True)
        say(refusal_lines("BLOCKING_CHECKS_FAILED", f"{len(failing)} 项阻断性检查未通过，发布将被拒绝。",
                          f"{len(failing)} blocking check(s) failing: publishing is refused until they pass."))
        for f in failing:
            say(incomplete if f["check_name"].endswith("__period_complete") and incomplete
                else check_refusal(f, names, period))
        raise typer.Exit(EXIT_REJECTED)
    typer.echo(f"\n✔ 阻断性检查全部通过 every blocking check passes; {warnings} 项提醒 warning(s).")

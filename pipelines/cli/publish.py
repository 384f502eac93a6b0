"""`unionpipe publish`: the month's package (and, with --push, its submission to the province); a quarter's or year's."""

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import typer

from pipelines.cli.app import WAREHOUSE_HELP, app
from pipelines.cli.words import (EXIT_REFUSED, check_refusal, failed_blocking_checks, org_names, refusal_lines,
                                 say, step_refusals)
from pipelines.indicators.partitions import monthly, partition_of
from pipelines.indicators.period import BadPeriod, last_month, period_bounds, quarter_key, year_key
from pipelines.jobs import PUBLISH_AND_PUSH, PUBLISH_LONGER, PUBLISH_PERIOD
from pipelines.publish.completeness import latest_complete_period
from pipelines.publish.refusal import PublishRefused, refuse_while_incomplete
from pipelines.runner import apply_overrides, run_job
from pipelines.validate.gate import open_blocking_failures
from pipelines.warehouse import connect

PACKAGE = dg.AssetKey(["publish", "package"])
PUSH = dg.AssetKey(["publish", "province_push"])
PERIOD_PACKAGE = dg.AssetKey(["publish", "period_package"])


def default_period(warehouse: str) -> str:
    """The latest complete month, or exit with the reason when there is none."""
    con = connect(warehouse)
    try:
        period = latest_complete_period(con)
    finally:
        con.close()
    if period is None:
        say(refusal_lines("PERIOD_INCOMPLETE", "还没有完整的月份可以发布（每类台账都须有该月月末之后的批次）。",
                          "No complete month yet: every source but regions needs a batch dated after the month."))
        raise typer.Exit(EXIT_REFUSED)
    return period


def ended_months(today: date) -> list[str]:
    """The monthly partitions that had ended by the start of `today` (Asia/Shanghai, as the partitions)."""
    start_of_day = datetime.combine(today, time(), tzinfo=ZoneInfo(monthly.timezone))
    # Dagster runs only partitions that exist by its own clock, so a "today" set ahead of it gains no month.
    return monthly.get_partition_keys(current_time=min(start_of_day, datetime.now(ZoneInfo(monthly.timezone))))


def checked_period(period: str, today: date) -> str:
    """The period if it is a month that had ended by `today`, else exit with the reason."""
    if partition_of(period) not in ended_months(today):
        say(refusal_lines("bad_period", f"{period} 不是已结束的月份（格式 YYYY-MM）。",
                          f"{period} is not a month that has ended (YYYY-MM)."))
        raise typer.Exit(EXIT_REFUSED)
    return period


def longer_period(quarter: str | None, year: str | None, today: date) -> str:
    """The quarter 'YYYY-Qn' or year 'YYYY' asked for, if its last month had ended by `today`; else exit."""
    try:
        period = quarter_key(quarter) if quarter else year_key(year)
    except BadPeriod as exc:
        say(refusal_lines("bad_period", str(exc).removeprefix("bad_period: "), "Write a quarter 2026-Q3, a year 2026."))
        raise typer.Exit(EXIT_REFUSED) from None
    # No partition to wait for (the job is unpartitioned): "ended" is judged by the settings' today alone.
    if period_bounds(period)[1] >= today:
        say(refusal_lines("bad_period", f"{period} 尚未结束（其最后一个月 {last_month(period)} 还没有过完）。",
                          f"{period} has not ended: its last month {last_month(period)} is not over."))
        raise typer.Exit(EXIT_REFUSED)
    return period


def complete_period(warehouse: str, period: str) -> str:
    """The period if every source has a batch after its end, else exit naming what has not arrived.

    Asked before the run starts, so that an incomplete month is refused in words, not by a failing check."""
    con = connect(warehouse)
    try:
        refuse_while_incomplete(con, period)
    except PublishRefused as exc:
        say(refusal_lines(exc.code, exc.message_zh, exc.message_en, exc.items))
        raise typer.Exit(EXIT_REFUSED) from None
    finally:
        con.close()
    return period


def not_published(result: dg.ExecuteInProcessResult, warehouse: str, period: str) -> list[str]:
    """Why the run did not publish: each failing blocking check (rule, figures, examples), then each refusal."""
    refusals = step_refusals(result)
    con = connect(warehouse)
    try:
        names = org_names(con)
        failing = failed_blocking_checks(result)
        if any(r[0].startswith("✘ BLOCKING_CHECKS_FAILED") for r in refusals):
            failing += open_blocking_failures(con, period)  # the gate's standing failures that stopped the package
    finally:
        con.close()
    lines = []
    if failing:
        lines += refusal_lines(
            "BLOCKING_CHECKS_FAILED",
            f"有 {len(failing)} 项阻断性数据检查未通过，暂不能发布 {period}（请修正数据、重新加载并检查后再发布）",
            f"{len(failing)} blocking check(s) failing: {period} is not published until they pass.")
        for f in failing:
            lines += check_refusal(f, names, period)
    for refusal in refusals:
        if not (failing and refusal[0].startswith("✘ BLOCKING_CHECKS_FAILED")):
            lines += refusal
    return lines


def materialized(result: dg.ExecuteInProcessResult, key: dg.AssetKey) -> dict:
    """The metadata values of one asset's materialization in the run."""
    for event in result.get_asset_materialization_events():
        if event.asset_key == key:
            return {k: v.value for k, v in event.materialization.metadata.items()}
    return {}


@app.command()
def publish(
    period: str = typer.Option(None, "--period", help="The month, YYYY-MM (default: the latest complete month)."),
    quarter: str = typer.Option(None, "--quarter", help="A quarter instead, YYYY-Qn (SDMX FREQ Q)."),
    year: str = typer.Option(None, "--year", help="A year instead, YYYY (SDMX FREQ A)."),
    out: Path = typer.Option(None, "--out", help="Write the package under this folder instead of the published one."),
    push: bool = typer.Option(False, "--push", help="Then send it to $UNIONPIPE_PROVINCE_URL."),
    warehouse: Path = typer.Option(None, "--warehouse", help=WAREHOUSE_HELP),
) -> None:
    """Compute the month's indicators, write the package (a new version only if it changed), optionally push."""
    settings = apply_overrides(None, warehouse)
    if sum(x is not None for x in (period, quarter, year)) > 1:
        raise typer.BadParameter("give one of --period, --quarter, --year（只能指定一个报告期）")
    if quarter is not None or year is not None:
        publish_longer(settings, longer_period(quarter, year, settings.today_date()), out, push)
        return
    period = checked_period(period, settings.today_date()) if period else default_period(settings.warehouse_path)
    complete_period(settings.warehouse_path, period)
    config = {"ops": {"publish__package": {"config": {"out_dir": str(out.resolve()) if out else ""}}}}
    typer.echo(f"Publishing {period} from {settings.warehouse_path} …")
    result = run_job(PUBLISH_AND_PUSH if push else PUBLISH_PERIOD, settings, partition_key=partition_of(period),
                     run_config=config)
    if not result.success:
        typer.echo("未发布 Not published:", err=True)
        say(not_published(result, settings.warehouse_path, period))
        raise typer.Exit(EXIT_REFUSED)
    typer.echo(f"✔ {materialized(result, PACKAGE).get('summary', '')}")
    if materialized(result, PACKAGE).get("report"):
        typer.echo(f"✔ 月报 report: {materialized(result, PACKAGE)['report']}")
    if push:
        typer.echo(f"✔ {materialized(result, PUSH).get('message', '')}")


def publish_longer(settings, period: str, out: Path | None, push: bool) -> None:
    """Publish a quarter or a year through its own unpartitioned job (docs/decisions.md); no push."""
    if push:
        say(refusal_lines("PUSH_MONTHS_ONLY", "省总接口只接收月度数据包，季度、年度数据包只在本地发布，不报送。",
                          "The province's API takes monthly packages only: a quarter or a year is published here, "
                          "not pushed."))
        raise typer.Exit(EXIT_REFUSED)
    complete_period(settings.warehouse_path, period)
    config = {"ops": {"publish__period_package": {"config": {"period": period,
                                                             "out_dir": str(out.resolve()) if out else ""}}}}
    typer.echo(f"Publishing {period} from {settings.warehouse_path} …")
    result = run_job(PUBLISH_LONGER, settings, run_config=config)
    if not result.success:
        typer.echo("未发布 Not published:", err=True)
        say(not_published(result, settings.warehouse_path, period))
        raise typer.Exit(EXIT_REFUSED)
    done = materialized(result, PERIOD_PACKAGE)
    typer.echo(f"✔ {done.get('summary', '')}")
    if done.get("report"):
        typer.echo(f"✔ 报告 report: {done['report']}")

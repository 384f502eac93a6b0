"""`unionpipe publish`: the month's package (and, with --push, its submission to the province)."""

from pathlib import Path

import dagster as dg
import typer

from pipelines.cli.app import WAREHOUSE_HELP, app
from pipelines.cli.report import step_failures
from pipelines.indicators.partitions import monthly, partition_of
from pipelines.jobs import PUBLISH_AND_PUSH, PUBLISH_PERIOD
from pipelines.publish.completeness import latest_complete_period
from pipelines.runner import apply_overrides, run_job
from pipelines.warehouse import connect

PACKAGE = dg.AssetKey(["publish", "package"])
PUSH = dg.AssetKey(["publish", "province_push"])


def default_period(warehouse: str) -> str:
    """The latest complete month, or exit with the reason when there is none."""
    con = connect(warehouse)
    try:
        period = latest_complete_period(con)
    finally:
        con.close()
    if period is None:
        typer.echo("✘ PERIOD_INCOMPLETE: 还没有完整的月份可以发布（每类台账都须有该月月末之后的批次）。"
                   " No complete month yet: every source but regions needs a batch dated after the month.", err=True)
        raise typer.Exit(3)
    return period


def checked_period(period: str) -> str:
    """The period if it is a month that has ended, else exit with the reason."""
    if partition_of(period) not in monthly.get_partition_keys():
        typer.echo(f"✘ bad_period: {period} 不是已结束的月份（格式 YYYY-MM）。"
                   f" Not a month that has ended (YYYY-MM).", err=True)
        raise typer.Exit(3)
    return period


def materialized(result: dg.ExecuteInProcessResult, key: dg.AssetKey) -> dict:
    """The metadata values of one asset's materialization in the run."""
    for event in result.get_asset_materialization_events():
        if event.asset_key == key:
            return {k: v.value for k, v in event.materialization.metadata.items()}
    return {}


@app.command()
def publish(
    period: str = typer.Option(None, "--period", help="The month, YYYY-MM (default: the latest complete month)."),
    out: Path = typer.Option(None, "--out", help="Write the package under this folder instead of the published one."),
    push: bool = typer.Option(False, "--push", help="Then send it to $UNIONPIPE_PROVINCE_URL."),
    warehouse: Path = typer.Option(None, "--warehouse", help=WAREHOUSE_HELP),
) -> None:
    """Compute the month's indicators, write the package (a new version only if it changed), optionally push."""
    settings = apply_overrides(None, warehouse)
    period = checked_period(period) if period else default_period(settings.warehouse_path)
    config = {"ops": {"publish__package": {"config": {"out_dir": str(out.resolve()) if out else ""}}}}
    typer.echo(f"Publishing {period} from {settings.warehouse_path} …")
    result = run_job(PUBLISH_AND_PUSH if push else PUBLISH_PERIOD, settings, partition_key=partition_of(period),
                     run_config=config)
    if not result.success:
        typer.echo("✘ 未发布 Not published:", err=True)
        for reason in step_failures(result):
            typer.echo(reason, err=True)
        raise typer.Exit(3)
    typer.echo(f"✔ {materialized(result, PACKAGE).get('summary', '')}")
    if materialized(result, PACKAGE).get("report"):
        typer.echo(f"✔ 月报 report: {materialized(result, PACKAGE)['report']}")
    if push:
        typer.echo(f"✔ {materialized(result, PUSH).get('message', '')}")

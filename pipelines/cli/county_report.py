"""`unionpipe report`: the county's offline HTML report of one month."""

from pathlib import Path

import typer

from pipelines.cli.app import WAREHOUSE_HELP, app
from pipelines.indicators.period import BadPeriod, period_bounds
from pipelines.publish.completeness import latest_complete_period
from pipelines.report.build import write_report
from pipelines.settings import Settings
from pipelines.warehouse import writing

STATUS_ZH = {"complete": "数据完整", "incomplete": "本月数据尚不完整（页面已注明）", "empty": "本月没有数据（页面已注明）"}


@app.command()
def report(
    period: str = typer.Option(None, "--period", help="The month, YYYY-MM (default: the latest complete month)."),
    out: Path = typer.Option(None, "--out", help="The HTML file to write (default: warehouse/reports/<county>/<period>.html)."),
    warehouse: Path = typer.Option(None, "--warehouse", help=WAREHOUSE_HELP),
) -> None:
    """Write the month's report: one self-contained HTML page that opens with no network."""
    settings = Settings.from_env(warehouse_path=str(warehouse) if warehouse else None)
    if period:
        try:
            period_bounds(period)
        except BadPeriod as exc:
            raise typer.BadParameter(str(exc), param_hint="--period") from exc
    # The writer: months whose indicators are missing or older than the latest load are computed first.
    with writing(settings.warehouse_path) as con:
        period = period or latest_complete_period(con)
        if period is None:
            typer.echo("✘ PERIOD_INCOMPLETE: 还没有完整的月份，请用 --period 指定月份。"
                       " No complete month yet: name one with --period.", err=True)
            raise typer.Exit(3)
        result = write_report(con, settings, period, out.resolve() if out else None)
    typer.echo(f"✔ {period} 报告 report: {result.path} ({result.size_bytes / 1024:.0f} KB, "
               f"{result.seconds:.1f} s) — {STATUS_ZH[result.status]}")

"""`unionpipe report`: the county's offline HTML report of one month, quarter or year."""

from pathlib import Path

import typer

from pipelines.cli.app import WAREHOUSE_HELP, app
from pipelines.indicators.period import BadPeriod, month_bounds, quarter_key, year_key
from pipelines.publish.completeness import latest_complete_period
from pipelines.settings import Settings
from pipelines.warehouse import writing

STATUS_ZH = {"complete": "数据完整", "incomplete": "本期数据尚不完整（页面已注明）", "empty": "本期没有数据（页面已注明）"}


def asked_period(period: str | None, quarter: str | None, year: str | None) -> str | None:
    """The period the options name ('2026-10', '2026-Q3', '2026'), None for the default; bad ones are refused."""
    option, value = next(((o, v) for o, v in (("--quarter", quarter), ("--year", year), ("--period", period))
                          if v is not None), (None, None))
    try:
        if option == "--period":
            month_bounds(value)
        return {"--quarter": quarter_key, "--year": year_key}.get(option, lambda v: v)(value)
    except BadPeriod as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from exc


@app.command()
def report(
    period: str = typer.Option(None, "--period", help="The month, YYYY-MM (default: the latest complete month)."),
    quarter: str = typer.Option(None, "--quarter", help="A quarter instead, YYYY-Qn (trends stay monthly)."),
    year: str = typer.Option(None, "--year", help="A year instead, YYYY: the annual report (trends stay monthly)."),
    out: Path = typer.Option(None, "--out", help="The HTML file to write (default: warehouse/reports/<county>/<period>.html)."),
    warehouse: Path = typer.Option(None, "--warehouse", help=WAREHOUSE_HELP),
) -> None:
    """Write the period's report: one self-contained HTML page that opens with no network."""
    settings = Settings.from_env(warehouse_path=str(warehouse) if warehouse else None)
    if sum(x is not None for x in (period, quarter, year)) > 1:
        raise typer.BadParameter("give one of --period, --quarter, --year（只能指定一个报告期）")
    period = asked_period(period, quarter, year)
    # The writer: months whose indicators are missing or older than the latest load are computed first.
    with writing(settings.warehouse_path) as con:
        period = period or latest_complete_period(con)
        if period is None:
            typer.echo("✘ PERIOD_INCOMPLETE: 还没有完整的月份，请用 --period 指定月份。"
                       " No complete month yet: name one with --period.", err=True)
            raise typer.Exit(3)
        from pipelines.report.build import write_report  # late: every other command starts without matplotlib

        result = write_report(con, settings, period, out.resolve() if out else None)
    typer.echo(f"✔ {period} 报告 report: {result.path} ({result.size_bytes / 1024:.0f} KB, "
               f"{result.seconds:.1f} s) — {STATUS_ZH[result.status]}")

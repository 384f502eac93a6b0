"""`unionpipe explain`: a published figure down to the records and file rows behind it."""

from pathlib import Path

import typer

from pipelines.cli.app import WAREHOUSE_HELP, app
from pipelines.explain.figure import explain_figure
from pipelines.explain.session import ExplainError, open_warehouse
from pipelines.explain.writers import TooManyRows
from pipelines.runner import apply_overrides


@app.command()
def explain(
    indicator: str = typer.Argument(..., help="Indicator code, e.g. COV_ESTABLISHMENT_RATE."),
    area: str = typer.Option(..., "--area", help="County, township or system code (REF_AREA)."),
    period: str = typer.Option(..., "--period", help="Reporting month YYYY-MM."),
    compare: str = typer.Option(None, "--compare", help="An earlier month: which records entered or left, and why."),
    out: Path = typer.Option(None, "--out", help="Write one row per record: a .csv (UTF-8 BOM) or .xlsx path "
                             "(with --compare, the changes also go to <name>.changes.<suffix>)."),
    warehouse: Path = typer.Option(None, "--warehouse", help=WAREHOUSE_HELP),
) -> None:
    """Explain a published figure: definition, value, numerator and denominator, status, records."""
    settings = apply_overrides(None, warehouse)
    try:
        con = open_warehouse(settings.warehouse_path)
        try:
            lines, written = explain_figure(con, indicator, area, period, settings.employee_threshold, out)
            for line in lines:
                typer.echo(line)
            if written is not None:
                typer.echo(f"已写出 {written} 条记录 Wrote {written} record row(s) to {out}")
            if compare:
                from pipelines.explain.compare import compare_figure  # only --compare needs it

                changes = out.with_name(f"{out.stem}.changes{out.suffix}") if out else None
                for line in compare_figure(con, indicator, area, compare, period, settings.employee_threshold,
                                           changes):
                    typer.echo(line)
        finally:
            con.close()
    except (ExplainError, TooManyRows, ValueError) as exc:
        typer.echo(f"✘ {exc}", err=True)
        raise typer.Exit(1) from None

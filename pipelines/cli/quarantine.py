"""`unionpipe quarantine`: export the rows turned away, with reasons, for the officer to fix."""

from pathlib import Path

import typer

from pipelines.cli.app import WAREHOUSE_HELP, app
from pipelines.ingest.export import export_quarantine
from pipelines.runner import apply_overrides
from pipelines.warehouse import connect


@app.command()
def quarantine(
    file: str = typer.Option(None, "--file", help="Only this file (its name, or <source>/<name>)."),
    out: Path = typer.Option(Path("quarantine.xlsx"), "--out", help="Where to write: a .xlsx or .csv path."),
    warehouse: Path = typer.Option(None, "--warehouse", help=WAREHOUSE_HELP),
) -> None:
    """Export quarantined rows (file, row, column, value as written, reason code, Chinese message)."""
    settings = apply_overrides(None, warehouse)
    con = connect(settings.warehouse_path)
    try:
        n = export_quarantine(con, out, file)
    finally:
        con.close()
    typer.echo(f"已导出 {n} 条隔离原因 Exported {n} quarantine reason(s) to {out}")

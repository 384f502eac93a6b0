"""`unionpipe quarantine`: the correction workbook, the rows turned away as they were sent, with reasons."""

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
    """Export each file's quarantined rows in its own layout (header and cells as written), with the row number,
    reason codes and Chinese message beside them, and a summary sheet per file."""
    settings = apply_overrides(None, warehouse)
    con = connect(settings.warehouse_path)
    try:
        rows, files, paths = export_quarantine(con, out, file)
    finally:
        con.close()
    typer.echo(f"已导出 {files} 个文件的 {rows} 行隔离数据 Exported {rows} quarantined row(s) of {files} file(s) to "
               + ", ".join(map(str, paths)))

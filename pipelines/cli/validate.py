"""`unionpipe validate`: check files before sending them — judged as the load would, nothing changed anywhere."""

from __future__ import annotations

from pathlib import Path

import duckdb
import typer

from pipelines.cli.app import app
from pipelines.cli.load import file_line
from pipelines.ingest.dry_run import DryRun, Verdict, dry_run, files_at, summary_of
from pipelines.ingest.fix_workbook import write_workbook
from pipelines.ingest.judge.messages import message_zh
from pipelines.ingest.specs import SOURCES
from pipelines.settings import Settings


def verdict_line(v: Verdict) -> str:
    """The load's own line for the file, and how many loaded records it would replace."""
    o = v.outcome
    line = file_line({"rel_path": o.file.rel_path, "status": o.status, "rows_read": o.rows_read,
                      "rows_loaded": o.rows_loaded, "rows_duplicate": o.rows_duplicate,
                      "rows_quarantined": o.rows_quarantined, "rows_warned": o.rows_warned,
                      "reason_code": o.reason_code, "reason_zh": o.reason_zh, "reason_detail": o.reason_detail,
                      "duplicate_of": o.duplicate_of})
    if o.status == "loaded" and v.replaces is not None:
        line += f" · 替换已入库 replaces loaded {v.replaces}"
    return line


def _fail(message: str) -> typer.Exit:
    typer.echo(f"✘ 无法检查 Could not validate: {message}", err=True)
    return typer.Exit(2)


def _warehouse(given: Path | None) -> Path | None:
    """The warehouse to read: the one given (it must exist), else the configured one if it exists."""
    if given is not None:
        if not given.is_file():
            raise _fail(f"{given}: 仓库文件不存在 (no such warehouse file)")
        return given
    default = Path(Settings.from_env().warehouse_path)
    return default if default.is_file() else None


@app.command()
def validate(
    paths: list[Path] = typer.Argument(..., help="Files, or folders laid out like the landing zone (<source>/…)."),
    source: str = typer.Option(None, "--source", help="The source of files given one by one: " + ", ".join(SOURCES)),
    warehouse: Path = typer.Option(None, "--warehouse", help="Read references and loaded files from this "
                                   "warehouse (read-only; default: $UNIONPIPE_WAREHOUSE when it exists)."),
    regions: Path = typer.Option(None, "--regions", help="A regions file to check codes against (no warehouse)."),
    out: Path = typer.Option(None, "--out", help="Write the correction workbook here (.xlsx or .csv)."),
) -> None:
    """Judge files exactly as the load would, changing nothing; exit 0 clean, 1 rows or files turned away, 2 error."""
    if source is not None and source not in SOURCES:
        raise _fail(f"--source {source}: 应为 (one of) {', '.join(SOURCES)}")
    if regions is not None and not regions.is_file():
        raise _fail(f"--regions {regions}: 应为一个组织机构表文件 (must be one regions file)")
    try:
        files = files_at(paths, source)
        regions_file = files_at([regions], "regions")[0] if regions is not None else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    path = _warehouse(warehouse)
    try:
        con = duckdb.connect(str(path), read_only=True) if path is not None else None
    except duckdb.Error as exc:
        raise _fail(f"{path}: 仓库无法只读打开 (cannot open the warehouse read-only): {exc}") from None
    try:
        run = dry_run(files, con, Settings.from_env().pii_key(), regions_file)
    except duckdb.Error as exc:  # not a unionpipe warehouse, or one from a newer version
        raise _fail(f"{path}: 仓库无法读取 (cannot read the warehouse): {exc}") from None
    finally:
        if con is not None:
            con.close()
    report(run, path)
    if out is not None:
        written = write_workbook([v.fix for v in run.verdicts if v.fix is not None], summary_of(run), out)
        typer.echo("修正表 Correction workbook: " + ", ".join(map(str, written)))
    raise typer.Exit(0 if run.clean else 1)


def report(run: DryRun, warehouse: Path | None) -> None:
    """The per-file lines, as the load prints them, and what could not be checked."""
    where = f"仓库 warehouse {warehouse}（只读 read-only）" if warehouse else "无仓库 no warehouse"
    typer.echo(f"预检 Dry run against {where}: {len(run.verdicts)} file(s), nothing changed")
    for v in run.verdicts:
        typer.echo(verdict_line(v))
    if not run.verdicts:
        typer.echo("  没有文件 (no files)")
    for code in run.skipped:
        typer.echo(f"  ⚠ 未检查 skipped {code} — {message_zh(code)}：无仓库也未给组织机构表 "
                   "(no warehouse and no --regions file to check against)")

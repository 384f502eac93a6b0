"""`unionpipe sample`: write the seeded sample county's submissions into a landing folder."""

from __future__ import annotations

from pathlib import Path

import typer

from pipelines.cli.app import RAW_HELP, app
from pipelines.sample import DEFAULT_SEED, SampleReport, generate_sample
from pipelines.settings import Settings


def summary_lines(report: SampleReport) -> list[str]:
    """What was written: one line per file, then totals per source, bad rows and time taken."""
    lines = [f"  {f.path}  {f.rows:>10,} 行 rows  ({f.encoding})" for f in report.files]
    rows = report.rows_by_source()
    lines.append("合计 Totals: " + ", ".join(f"{s} {n:,}" for s, n in rows.items()))
    counts = report.defect_counts()
    lines.append(f"有意写错的行 Injected bad rows: {sum(counts.values()):,} "
                 f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    lines.append(f"✔ {len(report.files)} 个文件 files → {report.out_dir}  ({report.seconds:.1f} s)")
    return lines


@app.command()
def sample(
    out: Path = typer.Option(None, "--out", help=RAW_HELP + " Must hold no submissions yet."),
    scale: float = typer.Option(1.0, "--scale", help="Multiplies units, members, cases and grievances "
                                "(1 ≈ 1,200 units, 25,000 members; regions stay)."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="The same seed and scale give byte-identical files."),
    formats: str = typer.Option("mixed", "--formats", help="mixed: every form the standard allows; "
                                "csv-utf8: plain UTF-8 CSV with English headers (benchmarks)."),
) -> None:
    """Generate a realistic sample county (14 townships, 8 systems, 254 villages) with monthly batches."""
    target = out or Path(Settings.from_env().raw_dir)
    try:
        report = generate_sample(target, scale=scale, seed=seed, formats=formats)
    except FileExistsError as exc:
        typer.echo(f"✘ {exc}", err=True)
        raise typer.Exit(1) from exc
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}（参数不正确 invalid option）") from exc
    typer.echo(f"示例县数据 Sample county {report.seed} (scale {report.scale:g}, {report.formats}):")
    for line in summary_lines(report):
        typer.echo(line)

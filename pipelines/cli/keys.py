"""`unionpipe keygen`: write this county's own random key for personal data to the secrets file."""

from __future__ import annotations

from pathlib import Path

import typer

from pipelines.cli.app import app
from pipelines.keys import KEEP_A_COPY, KeyExists, write_key
from pipelines.settings import env


@app.command()
def keygen(
    force: bool = typer.Option(False, "--force", help="Replace a key already in the secrets file (later batches "
                               "will no longer match the members loaded with the old one)."),
) -> None:
    """Write a new random UNIONPIPE_PII_KEY to the secrets file (UNIONPIPE_SECRETS_FILE), readable by its owner only."""
    path = Path(env("UNIONPIPE_SECRETS_FILE"))
    try:
        write_key(path, force=force)
    except KeyExists as exc:
        typer.echo(f"✘ {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"✔ 已生成本县的个人信息密钥，写入 {path}（仅本用户可读）。"
               f"A new key for personal data was written to {path} (readable by its owner only).")
    typer.echo(f"! {KEEP_A_COPY}")

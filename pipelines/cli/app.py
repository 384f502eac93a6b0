"""The `unionpipe` Typer application that every command module registers onto."""

import typer

app = typer.Typer(
    name="unionpipe",
    help="County trade-union federation pipeline: load, check, publish and push indicators.",
    no_args_is_help=True,
    add_completion=False,
)

WAREHOUSE_HELP = "DuckDB warehouse file (default: $UNIONPIPE_WAREHOUSE)."
RAW_HELP = "Landing folder with one sub-folder per source (default: $UNIONPIPE_RAW_DIR)."

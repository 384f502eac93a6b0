"""The `unionpipe` command: thin wrappers over the same jobs and functions Dagster runs."""

from pipelines.cli.app import app

# Each module adds its commands to `app` when imported.
from pipelines.cli import load, publish, quarantine  # noqa: F401,E402
from pipelines.cli import province  # noqa: F401,E402
from pipelines.cli import check  # noqa: F401,E402
from pipelines.cli import sample  # noqa: F401,E402
from pipelines.cli import keys  # noqa: F401,E402
from pipelines.cli import county_report  # noqa: F401,E402
from pipelines.cli import validate  # noqa: F401,E402
from pipelines.cli import explain  # noqa: F401,E402


def main() -> None:
    """Entry point of the `unionpipe` console script: an unforeseen error is said in words, never as a trace."""
    import sys

    from pipelines.cli.words import unexpected

    try:
        app()
    except Exception as exc:  # the trace goes to a log file (words.unexpected), the officer reads a sentence
        sys.exit(unexpected(exc))

"""`python -m pipelines.cli` runs the same command as `unionpipe`."""

from pipelines.cli import main

main()

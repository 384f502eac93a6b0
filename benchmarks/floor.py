"""Dagster's own floor: one no-op asset materialized in-process in a fresh instance, and nothing else.

    python benchmarks/floor.py DAGSTER_HOME

The folder must not exist yet (a fresh instance: no runs, no event log). It gets the project's own
dagster.yaml (pipelines/instance/), as a night's instance does, so the comparison is like for like. The
stage's wall time — Python's start, Dagster's import, the instance, the run and its records — is the least
any night launched as `unionpipe load` could cost.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "pipelines" / "instance" / "dagster.yaml"


def main(home: Path) -> int:
    """Materialize the no-op asset in a fresh instance at `home`; 0 when the run succeeded."""
    home.mkdir(parents=True)  # fails if it exists: a used instance is not Dagster's floor
    shutil.copy(TEMPLATE, home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    import dagster as dg  # imported here: the import is part of the floor, as it is of every night

    @dg.asset
    def noop() -> None:
        """Nothing at all."""

    with dg.DagsterInstance.get() as instance:
        result = dg.materialize([noop], instance=instance)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

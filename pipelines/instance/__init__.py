"""The Dagster instance the CLI and the UI share: $DAGSTER_HOME, by default `.dagster_home/` in the project."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

TEMPLATE = Path(__file__).with_name("dagster.yaml")
DEFAULT_HOME = PROJECT_ROOT / ".dagster_home"


def ensure_dagster_home() -> Path:
    """Set DAGSTER_HOME (default: the project's git-ignored `.dagster_home/`) and give it our dagster.yaml."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(DEFAULT_HOME)))
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(TEMPLATE, home / "dagster.yaml")
    return home

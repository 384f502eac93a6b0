"""Where the reporting standard's worked example lives (../shared/examples beside the project)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT

EXAMPLE = Path(os.environ.get("UNIONPIPE_EXAMPLE_DIR", PROJECT_ROOT.parent / "shared" / "examples" / "county-140431"))


def example_dir() -> Path:
    """The example county's folder; in CI its absence is a failure, elsewhere a skip."""
    if not (EXAMPLE / "expected.json").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the example county is missing at {EXAMPLE}")
        pytest.skip(f"no example county at {EXAMPLE} (set UNIONPIPE_EXAMPLE_DIR)")
    return EXAMPLE


def expected() -> dict:
    """The example's expected.json."""
    return json.loads((example_dir() / "expected.json").read_text(encoding="utf-8"))

"""Shared test set-up: an isolated Dagster home, offline settings, and a direct loader for fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    """Every test gets its own DAGSTER_HOME, and no secrets leak in from the developer's shell."""
    home = tmp_path_factory.mktemp("dagster_home")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    for var in ("UNIONPIPE_PII_KEY", "UNIONPIPE_PROVINCE_TOKEN", "UNIONPIPE_PROVINCE_URL", "UNIONPIPE_TODAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("UNIONPIPE_SECRETS_FILE", str(home / "no-secrets.env"))
    # The tests' own fixture files are not the bundled sample: they load with a key of the tests' own, as a
    # county's would (the demonstration key is refused for them; tests/test_secrets.py).
    monkeypatch.setenv("UNIONPIPE_PII_KEY", "tests-own-key-not-the-demonstration-one")
    yield


@pytest.fixture
def load_all():
    """Load every new file under `raw` into the warehouse at `path` (the job's steps, without Dagster)."""
    from pipelines.ingest.load import load_source
    from pipelines.ingest.specs import LOAD_ORDER
    from pipelines.model.build import build_core
    from pipelines.warehouse import connect

    def _load(raw: Path, path: Path, run_id: str = "test-run", key: bytes = b"test-key") -> list:
        con = connect(path)
        outcomes = []
        try:
            for source in LOAD_ORDER:
                outcomes += load_source(con, raw, source, key, run_id)
                build_core(con, source)
        finally:
            con.close()
        return outcomes

    return _load

"""Polars' allocator options: set by importing unionpipe before Polars, an operator's own kept."""

import os
import subprocess
import sys

from pipelines.allocator import VARIABLE, allocator_conf

SHOW = "import pipelines, polars, os; print(os.environ['_RJEM_MALLOC_CONF'])"


def conf_seen_by_polars(env: dict[str, str]) -> str:
    """The jemalloc options a fresh process hands Polars (Polars prepends its defaults; later ones win)."""
    out = subprocess.run([sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_unionpipe_options_come_last_so_they_win():
    env = {k: v for k, v in os.environ.items() if k != VARIABLE}
    assert conf_seen_by_polars(env).endswith("," + allocator_conf(os.cpu_count()))
    assert "dirty_decay_ms:10000" in allocator_conf(2) and "narenas:2" in allocator_conf(2)


def test_an_operators_own_options_are_kept():
    env = {**os.environ, VARIABLE: "narenas:7"}
    seen = conf_seen_by_polars(env)
    assert seen.endswith(",narenas:7") and "dirty_decay_ms:10000" not in seen

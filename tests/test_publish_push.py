"""`unionpipe publish --push` end to end: the real command, a flaky stand-in province, one accepted submission."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from example_county import example_dir
from pipelines.publish.province.stub import ProvinceStub

UNIONPIPE = [sys.executable, "-m", "pipelines.cli"]
TOKEN = "s3cret-county-token-140431"


@pytest.fixture
def county(tmp_path):
    """The example county loaded into a fresh warehouse, with the environment its commands need."""
    shutil.copytree(example_dir() / "raw", tmp_path / "raw")
    (tmp_path / "dagster").mkdir()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster"), "UNIONPIPE_WAREHOUSE": str(tmp_path / "wh.duckdb"),
           "UNIONPIPE_RAW_DIR": str(tmp_path / "raw"), "UNIONPIPE_PUBLISHED_DIR": str(tmp_path / "published"),
           "UNIONPIPE_PROVINCE_TOKEN": TOKEN, "UNIONPIPE_SECRETS_FILE": str(tmp_path / "none.env")}
    subprocess.run([*UNIONPIPE, "load"], env=env, capture_output=True, timeout=300)
    return tmp_path, env


def unionpipe(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([*UNIONPIPE, *args], env=env, capture_output=True, text=True, timeout=300)


def test_push_survives_a_busy_province_and_is_accepted_exactly_once(county):
    path, env = county
    with ProvinceStub(token=TOKEN, county="140431", fail_first=2, retry_after=1) as stub:
        env = {**env, "UNIONPIPE_PROVINCE_URL": stub.url}
        first = unionpipe(env, "publish", "--period", "2026-10", "--push")
        assert first.returncode == 0, first.stderr[-3000:]
        assert "省总工会已接收 140431-2026-10-v1" in first.stdout
        assert len(stub.accepted) == 1 and stub.calls == 3
        again = unionpipe(env, "publish", "--period", "2026-10", "--push")
        assert again.returncode == 0, again.stderr[-3000:]
        assert stub.calls == 3  # unchanged content: nothing sent again
    for out in (first.stdout + first.stderr, again.stdout + again.stderr):
        assert TOKEN not in out
    con = duckdb.connect(str(path / "wh.duckdb"), read_only=True)
    outcomes = [r[0] for r in con.execute("SELECT outcome FROM audit.pushes ORDER BY attempt").fetchall()]
    assert outcomes == ["retry", "retry", "accepted"]
    dump = str(con.execute("SELECT * FROM audit.pushes").fetchall())
    assert TOKEN not in dump
    con.close()
    # Nor in any file the runs left: Dagster's own event store (SQLite run and event logs, compute logs under
    # DAGSTER_HOME), the warehouse, the analysts' copy, the package.
    written = {p: p.read_bytes() for p in path.rglob("*") if p.is_file() and "raw" not in p.relative_to(path).parts}
    events = {p: b for p, b in written.items() if (path / "dagster") in p.parents}
    assert any(p.suffix == ".db" for p in events)
    assert any(b"140431-2026-10-v1" in b for b in events.values())  # the scan reads what the runs recorded
    assert [str(p) for p, b in written.items() if TOKEN.encode() in b] == []


def test_a_wrong_token_stops_with_a_clear_refusal(county):
    _, env = county
    with ProvinceStub(token="the-right-one", county="140431") as stub:
        done = unionpipe({**env, "UNIONPIPE_PROVINCE_URL": stub.url}, "publish", "--period", "2026-10", "--push")
        assert stub.calls == 1
    assert done.returncode == 3
    assert "PROVINCE_TOKEN_REJECTED" in done.stderr and "令牌" in done.stderr
    assert TOKEN not in done.stdout + done.stderr


def test_publishing_refuses_a_month_that_has_not_ended(county):
    _, env = county
    # "Today" is set, not read from the clock: on 2026-11-20 November has not ended.
    done = unionpipe({**env, "UNIONPIPE_TODAY": "2026-11-20"}, "publish", "--period", "2026-11")
    assert done.returncode == 3 and "bad_period" in done.stderr


def test_publishing_refuses_a_month_that_ended_while_it_is_incomplete(county):
    path, env = county
    # November has ended by 2026-12-15, but nothing was submitted after 2026-11-30: incomplete, not a bad period.
    done = unionpipe({**env, "UNIONPIPE_TODAY": "2026-12-15"}, "publish", "--period", "2026-11")
    assert done.returncode == 3 and "bad_period" not in done.stderr
    # Refused in words before any run: the code, the missing source by its Chinese name, English beside it.
    assert "PERIOD_INCOMPLETE" in done.stderr and "单位" in done.stderr and "Traceback" not in done.stderr
    assert not (path / "published").exists() or not list((path / "published").rglob("2026-11"))

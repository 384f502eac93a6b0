"""Every refusal an officer meets, through the real `unionpipe` command: a stable code, a Chinese sentence,
English beside it, and never a stack trace.

The warehouse is the example county without its November units file: every source but units has a batch
after 2026-10-31, so 2026-10 has ended in the data and is incomplete, and 2026-09 is complete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from example_county import example_dir
from pipelines.publish.province.stub import ProvinceStub

UNIONPIPE = [sys.executable, "-m", "pipelines.cli"]
TOKEN = "county-token-words-140431"
PII_KEY = "words-test-key"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A warehouse loaded directly (the load's own functions, no Dagster) from the example county minus units/20261105."""
    from pipelines.ingest.load import load_source
    from pipelines.ingest.specs import LOAD_ORDER
    from pipelines.model.build import build_core
    from pipelines.warehouse import connect

    root = tmp_path_factory.mktemp("words")
    shutil.copytree(example_dir() / "raw", root / "raw")
    (root / "raw" / "units" / "20261105_units.csv").unlink()
    con = connect(root / "wh.duckdb")
    try:
        for source in LOAD_ORDER:
            load_source(con, root / "raw", source, PII_KEY.encode(), "fixture")
            build_core(con, source)
    finally:
        con.close()
    return root


@pytest.fixture
def county(base, tmp_path) -> tuple[Path, dict]:
    """A copy of the base warehouse (file, raw layer, landing zone) and the environment of its commands."""
    shutil.copytree(base / "raw", tmp_path / "raw")
    shutil.copy(base / "wh.duckdb", tmp_path / "wh.duckdb")
    shutil.copytree(base / "wh.duckdb.raw", tmp_path / "wh.duckdb.raw")
    (tmp_path / "dagster").mkdir()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster"), "UNIONPIPE_WAREHOUSE": str(tmp_path / "wh.duckdb"),
           "UNIONPIPE_RAW_DIR": str(tmp_path / "raw"), "UNIONPIPE_PUBLISHED_DIR": str(tmp_path / "published"),
           "UNIONPIPE_PROVINCE_TOKEN": TOKEN, "UNIONPIPE_PII_KEY": PII_KEY,
           "UNIONPIPE_SECRETS_FILE": str(tmp_path / "none.env"), "UNIONPIPE_PUSH_ATTEMPTS": "2"}
    return tmp_path, env


def unionpipe(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*UNIONPIPE, *args], env=env, capture_output=True, text=True, timeout=600)


def said(done: subprocess.CompletedProcess) -> str:
    """Everything the officer saw, with no stack trace in it."""
    out = done.stdout + done.stderr
    assert "Traceback" not in out and "Stack Trace" not in out and 'File "/' not in out, out[-4000:]
    assert "DagsterAssetCheckFailedError" not in out, out[-4000:]
    return out


def write_regions_without(path: Path, warehouse: Path, township: str) -> None:
    """A later regions batch without `township` and its villages: what still points at it now dangles."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("SELECT code, name, level, coalesce(parent_code, '') FROM core.regions "
                       "WHERE code <> ? AND coalesce(parent_code, '') <> ? ORDER BY code", [township, township]).fetchall()
    con.close()
    lines = ["代码,名称,层级,上级代码", *[",".join(r) for r in rows]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_incomplete_month_is_refused_before_any_run(county):
    _, env = county
    done = unionpipe(env, "publish", "--period", "2026-10")
    out = said(done)
    assert done.returncode == 3
    assert "✘ PERIOD_INCOMPLETE" in out
    assert "基层单位建会情况" in out and "还没有 2026-10-31 之后的批次" in out  # the source by its Chinese name
    assert "cannot be published yet: units have no batch dated after 2026-10-31" in out
    assert "latest loaded batch 2026-10-05" in out
    assert "Publishing" not in out and "STEP_FAILURE" not in out  # refused before any Dagster run started
    checked = unionpipe(env, "check", "--period", "2026-10")
    out = said(checked)
    assert checked.returncode == 1
    assert "✘ PERIOD_INCOMPLETE" in out and "基层单位建会情况" in out and "have no batch dated after 2026-10-31" in out


def test_a_dangling_reference_is_named_by_check_and_refused_by_publish(county):
    path, env = county
    write_regions_without(path / "raw" / "regions" / "20261106_组织机构.csv", path / "wh.duckdb", "140431104")
    loaded = unionpipe(env, "load")
    said(loaded)
    checked = unionpipe(env, "check")
    out = said(checked)
    assert checked.returncode == 1
    assert "✘ DANGLING_REFERENCE" in out and "✘ BLOCKING_CHECKS_FAILED" in out
    assert "单位所属乡镇（系统）须是组织机构表中的乡镇或系统" in out  # the rule in Chinese
    assert "140431104（义牒镇，已不在组织机构表中）" in out  # the code with its name, though regions dropped it
    assert "core.units org_resolves: expected" in out  # English beside it
    published = unionpipe(env, "publish", "--period", "2026-09")
    out = said(published)
    assert published.returncode == 3
    assert "✘ BLOCKING_CHECKS_FAILED" in out and "暂不能发布 2026-09" in out and "not published" in out
    assert "✘ DANGLING_REFERENCE" in out and "140431104（义牒镇，已不在组织机构表中）" in out


def test_a_file_that_breaks_its_load_is_named_and_the_night_goes_on(county):
    path, env = county
    units = path / "raw" / "units" / "20261105_units.csv"
    shutil.copy(example_dir() / "raw" / "units" / "20261105_units.csv", units)
    # Where the raw layer would keep this file's rows, a plain file stands: writing its rows fails.
    from pipelines.ingest.read.discover import discover
    from pipelines.ingest.write.raw_layer import folder_name

    (new,) = [f for f in discover(path / "raw", ("units",)) if f.name == units.name]
    blocker = path / "wh.duckdb.raw" / "units" / folder_name(new.file_id)
    blocker.write_text("not a folder")
    done = unionpipe(env, "load")
    out = said(done)
    assert done.returncode == 1  # the file is turned away, named; the night itself went on
    assert "units/20261105_units.csv" in out and "unreadable" in out and "整体退回" in out
    assert "Traceback" not in out


def test_a_failed_load_step_names_the_step(county):
    path, env = county
    shutil.copy(example_dir() / "raw" / "units" / "20261105_units.csv", path / "raw" / "units" / "20261105_units.csv")
    # The units' whole raw layer is a plain file: the step fails before any one file is to blame.
    layer = path / "wh.duckdb.raw" / "units"
    shutil.rmtree(layer)
    layer.write_text("not a folder")
    done = unionpipe(env, "load")
    out = said(done)
    assert done.returncode == 2
    assert "✘ LOAD_STEP_FAILED" in out
    assert "导入步骤 staging/units（基层单位建会情况）出错" in out
    assert "Load step staging/units failed" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("stub_args, code, zh, en", [
    ({"token": "another-token"}, "PROVINCE_TOKEN_REJECTED", "省总工会拒绝了令牌",
     "HTTP 401: missing or wrong bearer token"),
    ({"fail_first": 99, "fail_status": 503, "retry_after": 0}, "PROVINCE_UNAVAILABLE", "省总工会接口繁忙或无法连接",
     "HTTP 503 province busy (injected)"),
])
def test_a_province_that_refuses_is_named_with_its_status_and_its_words(county, stub_args, code, zh, en):
    _, env = county
    with ProvinceStub(**{"token": TOKEN, "county": "140431", **stub_args}) as stub:
        done = unionpipe({**env, "UNIONPIPE_PROVINCE_URL": stub.url}, "publish", "--period", "2026-09", "--push")
    out = said(done)
    assert done.returncode == 3
    assert f"✘ {code}" in out and zh in out and en in out
    assert TOKEN not in out


def test_a_blocking_check_failing_inside_a_run_is_said_with_its_rule_and_examples():
    """The words for a run stopped by a blocking asset check (as the period gate stops publishing)."""
    import dagster as dg

    from pipelines.cli.words import check_refusal, failed_blocking_checks, step_refusals
    from pipelines.validate.asset_checks import to_check_result
    from pipelines.validate.results import CheckResult

    failing = CheckResult(
        check_name="marts_indicators__grid", table_name="marts.indicators", severity="blocking", passed=False,
        expectation="expect_column_values_to_be_between", expected="(area, indicator) pairs of 2026-09 = 0",
        observed="2", detail="140431104/COV_MEMBERSHIP_RATE ×2", period="2026-09", run_id="r",
        rule_zh="2026-09每个地区（县、乡镇、系统）的每项指标须恰好一行")

    @dg.asset(key=["marts", "indicators"])
    def indicators():
        return None

    @dg.asset_check(asset=indicators, name="grid", blocking=True)
    def grid():
        return to_check_result("marts.indicators", failing)

    @dg.asset(deps=[indicators])
    def package():
        return None

    result = dg.materialize([indicators, package, grid], raise_on_error=False)
    assert not result.success
    checks = failed_blocking_checks(result)
    assert [c["check_name"] for c in checks] == ["marts_indicators__grid"]
    lines = "\n".join(check_refusal(checks[0], {"140431104": "义牒镇"}, "2026-09"))
    assert "✘ BLOCKING_CHECK_FAILED" in lines and "每项指标须恰好一行" in lines and "实为 2" in lines
    assert "140431104（义牒镇）/COV_MEMBERSHIP_RATE ×2" in lines and "expected (area, indicator) pairs" in lines
    assert step_refusals(result) == []  # the check's failure is said once, by its rule, not as a Dagster error

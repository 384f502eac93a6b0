"""Great Expectations' helper process: same verdicts as judging here, a fallback when it is gone, and a
gate run that leaves GE (and pandas) out of the process that loads."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from pipelines.validate import judge_process
from pipelines.validate.catalog import suite_checks
from pipelines.validate.expectations import judge as judge_here
from pipelines.validate.judge_process import JudgeProcess, start_helper

SUITE = "core.units"


def figures_with_one_failure() -> tuple[list, dict[str, float]]:
    """Every check of the suite at its lower bound, except the first blocking one, one past its upper."""
    checks = suite_checks(SUITE)
    failing = next(c for c in checks if c.severity == "blocking" and c.max_value is not None)
    values = {c.name: (c.max_value + 1 if c is failing else (c.min_value or 0)) for c in checks}
    return checks, values


def test_the_helper_judges_as_this_process_does(tmp_path):
    checks, figures = figures_with_one_failure()
    helper = JudgeProcess()
    try:
        there, there_docs = helper.judge(SUITE, checks, figures, "run-helper", tmp_path / "docs")
    finally:
        helper.close()
    here, _ = judge_here(SUITE, checks, figures, "run-here", tmp_path / "docs")
    assert there == here
    assert sum(not v.success for v in there.values()) == 1
    assert there_docs and (tmp_path / "docs").exists()


def test_judging_falls_back_to_this_process_when_the_helper_is_gone(tmp_path):
    checks, figures = figures_with_one_failure()
    helper = start_helper()
    helper.kill()
    verdicts, _ = judge_process.judge(SUITE, checks, figures, "run-after-kill", tmp_path / "docs")
    assert sum(not v.success for v in verdicts.values()) == 1
    assert start_helper() is not helper and start_helper().alive()


def test_a_helper_that_hangs_is_stopped_and_judging_goes_on_here(tmp_path, monkeypatch):
    checks, figures = figures_with_one_failure()
    helper = start_helper()
    os.kill(helper._process.pid, signal.SIGSTOP)
    monkeypatch.setattr(judge_process, "ANSWER_SECONDS", 1.0)
    verdicts, _ = judge_process.judge(SUITE, checks, figures, "run-hung", tmp_path / "docs")
    assert sum(not v.success for v in verdicts.values()) == 1
    assert not helper.alive() and judge_process._helper is None


def test_a_gate_run_keeps_great_expectations_and_pandas_out_of_the_loading_process(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        import dagster as dg
        from pipelines.settings import Settings
        from pipelines.validate.asset_checks import gate_resources, table_checks
        from pipelines.warehouse import connect

        settings = Settings.from_env(warehouse_path={str(tmp_path / "w.duckdb")!r}, raw_dir={str(tmp_path)!r})
        connect(settings.warehouse_path).close()

        @dg.asset(key=["core", "units"])
        def units() -> None:
            pass

        gate = [table_checks(("core.units",))]
        result = dg.materialize([units, *gate], resources=gate_resources(settings),
                                instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
        print(len(result.get_asset_check_evaluations()), "great_expectations" in sys.modules, "pandas" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    evaluations, ge_here, pandas_here = out.stdout.split()[-3:]
    assert int(evaluations) == len(suite_checks(SUITE)) and ge_here == "False"
    assert pandas_here == "False"  # its import alone took 0.4 s of a night


def test_without_a_process_to_spare_judging_stays_here(tmp_path, monkeypatch):
    def no_process(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(judge_process, "_helper", None)
    monkeypatch.setattr(judge_process.subprocess, "Popen", no_process)
    checks, figures = figures_with_one_failure()
    assert start_helper() is None
    verdicts, _ = judge_process.judge(SUITE, checks, figures, "run-no-helper", tmp_path / "docs")
    assert sum(not v.success for v in verdicts.values()) == 1


def test_the_helper_starts_without_dagster_or_duckdb():
    # Its import is what the first check may wait for: only GE itself should take time.
    code = "import sys, pipelines.validate.judge_process; print('dagster' in sys.modules, 'duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]

"""Carrying results forward: a check whose inputs are unchanged since its latest result (inputs.py) is
recorded again under the new run with that result, failing ones failing, instead of being measured."""

from __future__ import annotations

from pipelines.validate.check import Check
from pipelines.validate.expectations import EXPECTATION
from pipelines.validate.results import CheckResult, Recorded


def carried_forward(latest: dict[str, Recorded], checks: list[Check], prints: dict[str, str | None], params: dict,
                    run_id: str) -> dict[str, CheckResult]:
    """By check name, the results of this run that repeat the latest one (see `latest_recorded`) because
    nothing it reads changed."""
    return {
        c.name: carried(c, latest[c.check_name], params, run_id)
        for c in checks
        if prints.get(c.name) is not None and c.check_name in latest
        and latest[c.check_name].inputs_sha256 == prints[c.name]
    }


def carried(check: Check, last: Recorded, params: dict, run_id: str) -> CheckResult:
    """The latest result recorded again under run_id, naming the run that measured it."""
    return CheckResult(
        check_name=check.check_name, table_name=check.table_name, severity=check.severity, passed=last.passed,
        expectation=EXPECTATION, expected=check.expected(params), observed=last.observed, detail=last.detail,
        period=None, run_id=run_id, rule_zh=check.rule_zh(params), docs_path=last.docs_path,
        inputs_sha256=last.inputs_sha256, reused_from=last.measured_in, delta_state=last.delta_state,
    )

"""Running suites: DuckDB measures, Great Expectations judges, audit.check_results remembers.

With `reuse`, a table check whose inputs are unchanged since its latest result (inputs.py) carries that
result forward (reuse.py); only the others are measured, and of those GE judges only the ones whose figure
differs from the latest it judged against the same expectation (`judged_before`); GE is not called when none
is left (so a night with nothing new never starts it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

import duckdb

from pipelines.indicators.period import history_params, period_bounds
from pipelines.settings import Settings
from pipelines.validate.catalog import PERIOD_SUITE, TABLE_SUITES, suite_checks
from pipelines.validate.check import Check
from pipelines.validate.delta import delta_state, new_files
from pipelines.validate.expectations import EXPECTATION, Verdict
from pipelines.validate.figures import Figure, measure, summary_row
from pipelines.validate.indicator_contract import expected_indicators_frame
from pipelines.validate.inputs import all_inputs, digest
from pipelines.validate.judge_process import judge
from pipelines.validate.results import CheckResult, Recorded, latest_recorded, record
from pipelines.validate.reuse import carried_forward

EXAMPLES = 5  # offending values quoted per failing check: enough to find them, short enough to read


def run_table_checks(con: duckdb.DuckDBPyConnection, table: str, settings: Settings, run_id: str | None = None,
                     reuse: bool = False, today: dt.date | None = None) -> list[CheckResult]:
    """Run one core table's suite (blocking and warning checks) and record every result.

    `reuse`: carry forward the latest result of each check whose inputs are unchanged, measuring only the rest.
    """
    suite = table if "." in table else f"core.{table}"
    if suite not in TABLE_SUITES:
        raise ValueError(f"{table!r} has no table suite; tables: {', '.join(TABLE_SUITES)} "
                         f"({PERIOD_SUITE} is checked per period: run_period_checks)")
    return _run(con, suite, settings, run_id, period=None, reuse=reuse, today=today)


def run_period_checks(con: duckdb.DuckDBPyConnection, period: str, settings: Settings,
                      run_id: str | None = None, today: dt.date | None = None) -> list[CheckResult]:
    """Run the period suite (completeness of the sources, sanity of marts.indicators) for 'YYYY-MM'.

    Always measured: it reads marts.indicators, which publishing recomputes.
    """
    con.register("expected_indicators", expected_indicators_frame())
    try:
        return _run(con, PERIOD_SUITE, settings, run_id, period=period, today=today)
    finally:
        con.unregister("expected_indicators")


def run_all_checks(con: duckdb.DuckDBPyConnection, settings: Settings, period: str | None = None,
                   run_id: str | None = None, reuse: bool = False, today: dt.date | None = None) -> list[CheckResult]:
    """Every table suite, then the period suite when a period is given (one run id for all).

    `reuse` applies to the table suites only; the period suite is always measured.
    """
    run_id = run_id or new_run_id()
    results = [r for table in TABLE_SUITES for r in run_table_checks(con, table, settings, run_id, reuse, today)]
    if period:
        results += run_period_checks(con, period, settings, run_id, today)
    return results


def new_run_id() -> str:
    """A run id for results recorded outside Dagster."""
    return "check-" + uuid.uuid4().hex[:12]


def check_params(settings: Settings, period: str | None = None, today: dt.date | None = None) -> dict:
    """The values the checks' SQL and wording may name."""
    params = {
        "examples": EXAMPLES,
        "today": today or settings.today_date(),
        "freshness_days": settings.freshness_days,
        "volume_drop": settings.volume_drop,
        "volume_pct": round(settings.volume_drop * 100),
        "volume_min_rows": settings.volume_min_rows,
        "volume_z": settings.volume_z,
        "outlier_z": settings.outlier_z,
        "outlier_months": settings.outlier_months,
    }
    if period is not None:
        params.update(period=period, period_end=period_end(period), **history_params(period))
    return params


def period_end(period: str) -> dt.date:
    """E, the last day of the reporting period: a month 'YYYY-MM', a quarter 'YYYY-Qn' or a year 'YYYY'."""
    return period_bounds(period)[1]


def _run(con, suite: str, settings: Settings, run_id: str | None, period: str | None, reuse: bool = False,
         today: dt.date | None = None) -> list[CheckResult]:
    """Carry forward what may be reused, measure and judge the rest, record and return every result."""
    run_id = run_id or new_run_id()
    checks = suite_checks(suite)
    params = check_params(settings, period, today)
    found = all_inputs(con, checks, params)
    prints = {name: None if f is None else digest(f) for name, f in found.items()}
    latest = latest_recorded(con, [c.check_name for c in checks]) if reuse else {}
    carried = carried_forward(latest, checks, prints, params, run_id) if reuse else {}
    todo = [c for c in checks if c.name not in carried]
    measured = _measured(con, suite, todo, params, period, run_id, settings, prints, found, latest)
    results = [carried.get(c.name) or measured[c.name] for c in checks]
    record(con, results)
    return results


def _measured(con, suite: str, checks: list[Check], params: dict, period, run_id: str, settings: Settings,
              prints: dict[str, str | None], found: dict[str, dict | None],
              latest: dict[str, Recorded]) -> dict[str, CheckResult]:
    """Measure these checks with DuckDB — over the new files only where delta.py allows (only when `latest`
    is given, i.e. reusing) — and judge them with GE (not called for none); results by check name."""
    if not checks:
        return {}
    news = {c.name: new_files(c, latest.get(c.check_name), delta_state(c, found[c.name]), found[c.name])
            for c in checks} if latest else {}
    figures = {c.name: measure(con, c, {**params, "source": c.source, "new_files": news.get(c.name)})
               for c in checks}
    known = judged_before(latest, checks, figures, params)
    todo = [c for c in checks if c.name not in known]
    verdicts, docs = judge(suite, todo, summary_row({c.name: figures[c.name] for c in todo}), run_id,
                           settings.docs_dir) if todo else ({}, None)
    results = {}
    for c in checks:
        if c.name in known:  # judged before: that judgement's page
            verdict, page = known[c.name], latest[c.check_name].docs_path
        else:
            verdict, page = verdicts.get(c.name), docs
        result = _result(c, figures[c.name], verdict, params, period, run_id, page, prints[c.name])
        state = delta_state(c, found[c.name], len(news.get(c.name) or []))
        results[c.name] = replace(result, delta_state=state if result.inputs_sha256 else None)
    return results


def judged_before(latest: dict[str, Recorded], checks: list[Check], figures: dict[str, Figure],
                  params: dict) -> dict[str, Verdict]:
    """By check name, the verdicts already known for the figures just measured: Great Expectations reads only a
    check's figure and its bounds, so a figure equal to the latest one judged against the same expectation has
    that judgement (a night that only names another date — freshness — then needs no GE at all)."""
    known = {}
    for c in checks:
        fig, last = figures[c.name], latest.get(c.check_name)
        if (last is not None and last.inputs_sha256 is not None and fig.error is None and fig.observed is not None
                and last.observed == _figure_text(fig.observed) and last.expected == c.expected(params)):
            known[c.name] = Verdict(last.passed)
    return known


def _result(check: Check, fig: Figure, verdict, params: dict, period, run_id: str, docs,
            inputs: str | None) -> CheckResult:
    """Join DuckDB's figure and GE's verdict; a check that could not be measured fails (and is never reused)."""
    evaluated = fig.error is None and fig.observed is not None and verdict is not None and verdict.error is None
    passed = evaluated and verdict.success
    if evaluated:
        observed, detail = _figure_text(fig.observed), (None if passed else fig.examples)
    else:
        observed = "not evaluated"
        detail = fig.error or (verdict.error if verdict else None) or "no figure"
    return CheckResult(
        check_name=check.check_name, table_name=check.table_name, severity=check.severity, passed=passed,
        expectation=EXPECTATION, expected=check.expected(params), observed=observed, detail=detail,
        period=period, run_id=run_id, rule_zh=check.rule_zh(params), docs_path=docs,
        inputs_sha256=inputs if evaluated else None,
    )


def _figure_text(value) -> str:
    """A figure as text, without a trailing '.0' on whole numbers."""
    return str(int(value)) if float(value).is_integer() else str(value)

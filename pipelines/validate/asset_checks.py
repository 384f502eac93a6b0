"""The gate in Dagster: one check per expectation (blocking ones with `blocking=True`, so a failure stops
downstream steps in the same run).

The table suites are one multi-asset check (`table_checks`), asking for no Great Expectations resource, so a
night whose checks all carry their results forward never starts GE. Dagster runs it in as few steps as the
graph allows (on the nightly job: core.regions' checks before the loads that read core.regions, then the
rest), after the night's core builds: some checks read other tables than the one they guard (dropped_regions
reads members, cases and tickets; within_reported and employer_known read units). Table checks reuse the
latest result of a check whose inputs are unchanged (the metadata then says from which run), so a night that
loaded only members measures only what reads members. The period suite is a second multi-asset check, on
marts.indicators, run per partition by publishing. The nothing-lost check of each staging table is judged in
that table's own step (pipelines/ingest/assets.py).

Across runs, downstream assets should also wait for the gate: give them
`automation_condition=dg.AutomationCondition.eager() & dg.AutomationCondition.all_deps_blocking_checks_passed()`
(or add `all_deps_blocking_checks_passed()` to whatever condition they use).
"""

# No `from __future__ import annotations`: Dagster reads the context and resource annotations.
import json

import dagster as dg

from pipelines.settings import Settings
from pipelines.validate.catalog import PERIOD_SUITE, TABLE_SUITES, suite_checks
from pipelines.validate.resources import GreatExpectationsJudge
from pipelines.validate.results import CheckResult
from pipelines.validate.run import run_period_checks, run_table_checks
from pipelines.warehouse import writing

# The tables' gate runs once no other step is ready (it still runs before whatever it blocks): the night's
# loading and core builds go first, and Great Expectations' helper process (judge_process.py) is ready by then.
AFTER_READY_STEPS = {"dagster/priority": "-1"}


def asset_key(suite: str) -> dg.AssetKey:
    """The asset a suite guards: core.units -> ["core", "units"]."""
    return dg.AssetKey(suite.split("."))


def build_asset_checks(indicator_partitions: dg.PartitionsDefinition | None = None) -> list[dg.AssetChecksDefinition]:
    """Every suite as Dagster asset checks: the tables' in one step (`table_checks`), the period's on
    marts.indicators (pass its partitions to check per period)."""
    return [table_checks(), _period_checks(indicator_partitions)]


def table_checks(suites: tuple[str, ...] = TABLE_SUITES) -> dg.AssetChecksDefinition:
    """The table suites as one multi-asset check (a run that selects some of its checks judges only their
    suites); judging starts GE's helper only if a check must be measured (judge_process.py)."""
    specs = [spec for suite in suites for spec in _specs(suite)]

    name = "core_gate" if suites == TABLE_SUITES else "_".join(suites).replace(".", "_") + "_gate"

    @dg.multi_asset_check(specs=specs, name=name, description=f"Great Expectations suites {', '.join(suites)}",
                          op_tags=AFTER_READY_STEPS, can_subset=True)
    def _gate(context: dg.AssetCheckExecutionContext, settings: Settings):
        selected = context.selected_asset_check_keys
        with writing(settings.warehouse_path) as con:
            for suite in suites:
                if any(k.asset_key == asset_key(suite) for k in selected):
                    results = run_table_checks(con, suite, settings, run_id=context.run.run_id, reuse=True)
                    checked = [to_check_result(suite, r) for r in results]
                    yield from (c for c in checked if dg.AssetCheckKey(c.asset_key, c.check_name) in selected)

    return _gate


def _specs(suite: str, partitions: dg.PartitionsDefinition | None = None) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(c.name, asset=asset_key(suite), blocking=c.severity == "blocking",
                          description=f"{c.expected({})} — {c.rule_zh({})}", partitions_def=partitions,
                          metadata={"severity": c.severity, "check_name": c.check_name})
        for c in suite_checks(suite)
    ]


def _period_checks(partitions: dg.PartitionsDefinition | None) -> dg.AssetChecksDefinition:
    @dg.multi_asset_check(specs=_specs(PERIOD_SUITE, partitions), name="marts_indicators_gate",
                          description="Period completeness and indicator sanity for the partition's month")
    def _gate(context: dg.AssetCheckExecutionContext, settings: Settings, ge_judge: GreatExpectationsJudge):
        with writing(settings.warehouse_path) as con:
            period = partition_period(context) or latest_period(con)
            results = run_period_checks(con, period or this_month(settings), settings, run_id=context.run.run_id)
        yield from (to_check_result(PERIOD_SUITE, r) for r in results)

    return _gate


def partition_period(context: dg.AssetCheckExecutionContext) -> str | None:
    """The period 'YYYY-MM' of the run's partition ('2026-10-01' or '2026-10'), if it has one."""
    if not context.has_partition_key:
        return None
    return context.partition_key[:7]


def latest_period(con) -> str | None:
    """The latest period marts.indicators holds, for unpartitioned runs."""
    return con.execute("SELECT max(period) FROM marts.indicators").fetchone()[0]


def this_month(settings: Settings) -> str:
    """The month of the settings' today, for a gate run with no partition and no indicators yet."""
    return settings.today_date().strftime("%Y-%m")


def measured_over(r: CheckResult) -> int:
    """How many new files a delta measurement covered (0: the whole table, or not measured now)."""
    return json.loads(r.delta_state).get("new_files", 0) if r.delta_state else 0


def to_check_result(suite: str, r: CheckResult) -> dg.AssetCheckResult:
    """A gate result as Dagster shows it: severity, expected vs observed, examples, Data Docs page."""
    metadata = {
        "expected": r.expected,
        "observed": r.observed,
        "offending values": r.detail or "",
        "expectation": r.expectation,
        "rule (中文)": r.rule_zh,
    }
    if r.period:
        metadata["period"] = r.period
    if r.reused_from:
        metadata["reused from run"] = r.reused_from
    elif measured_over(r):
        metadata["measured over"] = f"the keys of {measured_over(r)} newly loaded file(s); the rest was clean before"
    if r.docs_path:
        metadata["data docs"] = dg.MetadataValue.path(r.docs_path)
    return dg.AssetCheckResult(
        asset_key=asset_key(suite), check_name=r.check_name.split("__", 1)[1], passed=r.passed,
        severity=dg.AssetCheckSeverity.ERROR if r.blocking else dg.AssetCheckSeverity.WARN,
        metadata=metadata, description=r.rule_zh,
    )


def gate_resources(settings: Settings) -> dict:
    """The resources the gate's checks ask for, for `dg.materialize` outside the code location."""
    return {"settings": settings, "ge_judge": GreatExpectationsJudge()}

"""Dagster asset of the indicators stage: marts.indicators, one partition per month."""

import dagster as dg

from pipelines.indicators.compute import compute_indicators
from pipelines.indicators.partitions import monthly, period_of
from pipelines.ingest.specs import LOAD_ORDER
from pipelines.settings import Settings
from pipelines.warehouse import read_sql, writing


@dg.asset(
    key=["marts", "indicators"],
    deps=[dg.AssetKey(["core", s]) for s in LOAD_ORDER],
    partitions_def=monthly,
    group_name="marts",
    kinds={"duckdb", "sql"},
    # In automated runs, a month is recomputed only while every blocking check upstream passes.
    automation_condition=dg.AutomationCondition.eager() & dg.AutomationCondition.all_deps_blocking_checks_passed(),
    description="Every indicator of the standard for one month, per area, with numerator, denominator and status.",
)
def indicators(context: dg.AssetExecutionContext, settings: Settings) -> dg.MaterializeResult:
    """Recompute the month's rows of marts.indicators from the core tables."""
    period = period_of(context.partition_key)
    with writing(settings.warehouse_path) as con:
        rows = compute_indicators(con, period, settings.employee_threshold)
        statuses = dict(con.execute(read_sql("publish/status_counts.sql"), [period]).fetchall())
    return dg.MaterializeResult(metadata={
        "period": period, "rows": rows, "employee_threshold": settings.employee_threshold,
        **{f"status_{k}": v for k, v in statuses.items()},
    })

"""Dagster asset for a quarter's or a year's package: one config-driven, unpartitioned path (docs/decisions.md).

Months keep their monthly partitions; a quarter 'YYYY-Qn' or a year 'YYYY' is named in the run's config and goes
through the same compute, gate and package code as a month (publish_period with recompute)."""

from pathlib import Path

import dagster as dg

from pipelines.indicators.period import MONTHLY, BadPeriod, frequency
from pipelines.ingest.specs import LOAD_ORDER
from pipelines.publish.assets import packaged_with_report, refusal
from pipelines.settings import Settings
from pipelines.validate.resources import GreatExpectationsJudge

PERIOD_PACKAGE = ["publish", "period_package"]


class PeriodPackageConfig(dg.Config):
    """The quarter ('2026-Q3') or year ('2026') to publish, and where (empty: the configured published folder)."""

    period: str
    out_dir: str = ""


@dg.asset(
    key=PERIOD_PACKAGE,
    deps=[dg.AssetKey(["core", s]) for s in LOAD_ORDER],
    group_name="publish_longer",
    kinds={"csv", "json"},
    description="A quarter's or a year's indicators (FREQ Q/A), gated and packaged like a month's; the period comes "
                "from the run config.",
)
def period_package(context: dg.AssetExecutionContext, config: PeriodPackageConfig, settings: Settings,
                   ge_judge: GreatExpectationsJudge) -> dg.MaterializeResult:
    """Compute the quarter's or year's rows of marts.indicators, run the gate, write the package and its report."""
    period = config.period
    not_longer = "Not a quarter or a year that can be published."
    try:
        if frequency(period) == MONTHLY:
            raise BadPeriod(f"bad_period: {period!r} is a month（月份请用按月分区的发布作业）")
    except BadPeriod as exc:
        raise refusal("bad_period", str(exc), [], not_longer) from exc
    result, page = packaged_with_report(context, settings, period, Path(config.out_dir) if config.out_dir else None,
                                        recompute=True, bad_period_en=not_longer)
    context.log.info(result.summary())
    return dg.MaterializeResult(metadata={
        "county": result.county_code, "period": period, "freq": frequency(period), "version": result.version,
        "created": result.created, "path": dg.MetadataValue.path(str(result.path)),
        "observations": result.observations, "indicators_sha256": result.indicators_sha256,
        "summary": result.summary(), "report": dg.MetadataValue.path(str(page)) if page else "",
    })

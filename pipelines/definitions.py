"""The unionpipe code location: assembles the stages' assets, checks, jobs, schedule and sensor."""


import os
import warnings

import dagster as dg

from pipelines.console import quiet_console_logger
from pipelines.indicators.assets import indicators
from pipelines.indicators.partitions import monthly
from pipelines.ingest.assets import staging_assets
from pipelines.ingest.sensors import build_raw_files_sensor
from pipelines.ingest.summary import load_run_summary
from pipelines.jobs import (nightly_load_job, nightly_schedule, publish_and_push_job, publish_longer_job,
                           publish_period_job)
from pipelines.model.assets import core_assets
from pipelines.model.snapshot import analyst_snapshot
from pipelines.publish.assets import package, province_push
from pipelines.publish.period_assets import period_package
from pipelines.settings import Settings
from pipelines.validate.asset_checks import build_asset_checks
from pipelines.validate.resources import GreatExpectationsJudge

# Offline by default: Great Expectations must not wait on a network that is not there.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

with warnings.catch_warnings():
    # Partitioned asset checks are a Dagster preview feature; we rely on them knowingly for per-month checks.
    warnings.simplefilter("ignore", dg.PreviewWarning)
    gate_checks = build_asset_checks(monthly)

defs = dg.Definitions(
    assets=[*staging_assets, *core_assets, load_run_summary, analyst_snapshot, indicators, package, province_push,
            period_package],
    asset_checks=gate_checks,  # the period's; the tables' are declared on their assets (check_specs)
    jobs=[nightly_load_job, publish_period_job, publish_and_push_job, publish_longer_job],
    schedules=[nightly_schedule],
    sensors=[build_raw_files_sensor(nightly_load_job)],
    resources={"settings": Settings.from_env(), "ge_judge": GreatExpectationsJudge()},
    loggers={"console": quiet_console_logger},  # stack traces stay in the run log, off the officer's terminal
)

"""The unionpipe code location: assembles the stages' assets, checks, jobs, schedule and sensor."""


import os

import dagster as dg

from pipelines.indicators.assets import indicators
from pipelines.ingest.accounting import accounting_checks
from pipelines.ingest.assets import staging_assets
from pipelines.ingest.sensors import build_raw_files_sensor
from pipelines.ingest.summary import load_run_summary
from pipelines.jobs import nightly_load_job, nightly_schedule, publish_and_push_job, publish_period_job
from pipelines.model.assets import core_assets
from pipelines.publish.assets import package, province_push
from pipelines.settings import Settings

# Offline by default: Great Expectations must not wait on a network that is not there.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

defs = dg.Definitions(
    assets=[*staging_assets, *core_assets, load_run_summary, indicators, package, province_push],
    asset_checks=[*accounting_checks],
    jobs=[nightly_load_job, publish_period_job, publish_and_push_job],
    schedules=[nightly_schedule],
    sensors=[build_raw_files_sensor(nightly_load_job)],
    resources={"settings": Settings.from_env()},
)

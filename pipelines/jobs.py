"""The jobs, and the schedule that runs the nightly load at 02:00 Asia/Shanghai."""


import dagster as dg

NIGHTLY_LOAD = "nightly_load"
PUBLISH_PERIOD = "publish_period"
PUBLISH_AND_PUSH = "publish_and_push"
PUBLISH_LONGER = "publish_longer_period"

nightly_load_job = dg.define_asset_job(
    NIGHTLY_LOAD,
    selection=dg.AssetSelection.groups("ingest", "core", "audit"),
    description="Load new files under raw/ into staging, rebuild core, record the night's summary.",
    executor_def=dg.in_process_executor,  # one writer: steps share the warehouse file one at a time
    tags={"unionpipe/writes": "warehouse"},
)

publish_period_job = dg.define_asset_job(
    PUBLISH_PERIOD,
    selection=dg.AssetSelection.keys(["marts", "indicators"], ["publish", "package"], ["analyst", "snapshot"]),
    description="Compute one month's indicators and write its package (a new version only if it changed); "
                "the analysts' copy then shows them.",
    executor_def=dg.in_process_executor,
    tags={"unionpipe/writes": "warehouse"},
)

publish_and_push_job = dg.define_asset_job(
    PUBLISH_AND_PUSH,
    selection=dg.AssetSelection.groups("marts", "publish") | dg.AssetSelection.keys(["analyst", "snapshot"]),
    description="Compute one month's indicators, write the package, push it to the province; the analysts' copy "
                "then shows them.",
    executor_def=dg.in_process_executor,
    tags={"unionpipe/writes": "warehouse"},
)

publish_longer_job = dg.define_asset_job(
    PUBLISH_LONGER,
    selection=dg.AssetSelection.keys(["publish", "period_package"], ["analyst", "snapshot"]),
    description="Compute a quarter's or a year's indicators (named in the run config), gate them and write the "
                "package; the analysts' copy then shows them.",
    executor_def=dg.in_process_executor,
    tags={"unionpipe/writes": "warehouse"},
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_load_0200",
    job=nightly_load_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="The nightly load at 02:00 China Standard Time.",
)

"""Running a job of the code location in-process, recorded in the shared Dagster instance."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.instance import ensure_dagster_home
from pipelines.settings import Settings
from pipelines.validate.judge_process import start_helper


def apply_overrides(raw_dir: str | None = None, warehouse: str | None = None) -> Settings:
    """Make CLI flags the settings of this process (and of the Dagster run it starts)."""
    if raw_dir:
        os.environ["UNIONPIPE_RAW_DIR"] = str(raw_dir)
    if warehouse:
        os.environ["UNIONPIPE_WAREHOUSE"] = str(warehouse)
    return Settings.from_env()


def run_job(name: str, settings: Settings, partition_key: str | None = None, run_config: dict | None = None,
            tags: dict | None = None, judges: bool = True) -> dg.ExecuteInProcessResult:
    """Execute job `name` in this process under $DAGSTER_HOME, so the UI lists the run.

    `judges`: the job will judge checks, so Great Expectations' helper starts now, its import overlapping
    Dagster's start-up. The nightly load passes whether files landed (its staging steps also start the helper
    when they find some, for runs the daemon launches).
    """
    if judges:
        start_helper()
    ensure_dagster_home()
    from pipelines.definitions import defs  # imported late: DAGSTER_HOME and settings must be set first

    job = defs.resolve_job_def(name)
    # Officers read the per-file summary; Dagster's step-by-step DEBUG events stay in the UI.
    run_config = {"loggers": {"console": {"config": {"log_level": "INFO"}}}, **(run_config or {})}
    with dg.DagsterInstance.get() as instance:
        return job.execute_in_process(
            instance=instance, resources={"settings": settings}, partition_key=partition_key,
            run_config=run_config, tags={"unionpipe/trigger": "cli", **(tags or {})}, raise_on_error=False,
        )

"""The gate's Dagster resource: Great Expectations' helper process, started as a run begins."""

# No `from __future__ import annotations`: Dagster reads the context annotation.
import dagster as dg

from pipelines.validate.judge_process import start_helper


class GreatExpectationsJudge(dg.ConfigurableResource):
    """Starts GE's helper process when a run that checks or publishes begins (judge_process.py).

    The gate's steps and the package ask for this resource so that Dagster sets it up before the run's
    first step: GE's seconds of import then overlap the load instead of delaying the first check.
    """

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Start this process's helper (kept when one already runs)."""
        start_helper()

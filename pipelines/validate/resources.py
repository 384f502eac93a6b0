"""The publication's Dagster resource: Great Expectations' helper process, started as a run begins."""

# No `from __future__ import annotations`: Dagster reads the context annotation.
import dagster as dg

from pipelines.validate.judge_process import start_helper


class GreatExpectationsJudge(dg.ConfigurableResource):
    """Starts GE's helper process when a run that publishes begins (judge_process.py).

    The period gate and the packages ask for this resource (their period checks are always measured) so
    that Dagster sets it up before the run's first step: GE's seconds of import then overlap the indicators'
    computation instead of delaying the first check. The table gate does not: a night with nothing new
    judges nothing, and a night with new files starts the helper as its loading starts.
    """

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Start this process's helper (kept when one already runs)."""
        start_helper()

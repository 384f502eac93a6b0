"""Where the time of each Dagster stage went: the slowest steps of the run that stage started."""

from __future__ import annotations

TOP_STEPS = 8


def step_seconds(window: tuple[float, float], top: int | None = TOP_STEPS) -> dict:
    """The job and slowest `top` steps (None: every step) of the Dagster run started within (start, end)
    epoch seconds, if any.

    Reads the instance at $DAGSTER_HOME, which the benchmark points at its own temporary home.
    """
    import dagster as dg  # imported late: only after the stages, and never in a measured process

    start, end = window
    with dg.DagsterInstance.get() as instance:
        for run in instance.get_runs(limit=50):
            stats = instance.get_run_stats(run.run_id)
            if stats.start_time and start <= stats.start_time <= end:
                steps = [(s.step_key, (s.end_time or 0) - (s.start_time or 0))
                         for s in instance.get_run_step_stats(run.run_id)]
                steps.sort(key=lambda kv: kv[1], reverse=True)
                return {"job": run.job_name, "run_id": run.run_id, "status": run.status.value,
                        "run_seconds": round((stats.end_time or start) - stats.start_time, 2),
                        "steps_seconds_total": round(sum(s for _, s in steps), 2),
                        "slowest_steps": [{"step": k, "seconds": round(s, 2)} for k, s in steps[:top]]}
    return {}

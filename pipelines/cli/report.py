"""What a run tells the officer when it did not go cleanly: failed steps and failed checks."""

import dagster as dg


def step_failures(result: dg.ExecuteInProcessResult) -> list[str]:
    """The officer-readable reasons of the run's failed steps."""
    out = []
    for event in result.all_events:
        if event.is_step_failure:
            data = event.step_failure_data
            user = data.user_failure_data
            out.append(user.description if user and user.description else data.error.message.strip())
    return out


def failed_checks(result: dg.ExecuteInProcessResult) -> list[str]:
    """One line per asset check that did not pass: severity, asset, check and its rule in Chinese."""
    lines = []
    for c in result.get_asset_check_evaluations():
        if not c.passed:
            severity = "阻断 blocking" if c.severity == dg.AssetCheckSeverity.ERROR else "提醒 warning"
            rule = c.description or ""
            lines.append(f"  {'✘' if 'blocking' in severity else '!'} {severity}  {c.asset_key.to_user_string()} "
                         f"{c.check_name}  {rule}")
    return lines

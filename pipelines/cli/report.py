"""What a run tells the officer about the checks that did not pass (refusals: pipelines/cli/words.py)."""

import dagster as dg


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

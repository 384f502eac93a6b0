"""Refusals as an officer reads them: a stable code, a Chinese sentence, English beside it, then what is wrong.

Nothing here prints a stack trace: those stay in the Dagster run log.
"""

from __future__ import annotations

import re

import dagster as dg
import duckdb
import typer

# Region codes as they appear in check examples and messages: 6 to 12 letters/digits standing alone.
CODE_TOKEN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Z]{6,12}(?![0-9A-Za-z])")

# Exit codes of the commands (README, "What a data officer sees").
EXIT_REJECTED = 1  # load: a file rejected whole; check: a blocking check fails
EXIT_FAILED = 2  # load: the job itself failed
EXIT_REFUSED = 3  # publish: refused or not pushed


def refusal_lines(code: str, message_zh: str, message_en: str, items: list[str] = ()) -> list[str]:
    """The refusal as printed: '✘ CODE — 中文', its English, then one line per item."""
    lines = [f"✘ {code} — {message_zh}"]
    if message_en:
        lines.append(f"  {message_en}")
    return lines + [f"  - {item}" for item in items]


def say(lines: list[str]) -> None:
    """Print lines on stderr, where refusals go."""
    for line in lines:
        typer.echo(line, err=True)


def org_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every township, system or village code ever loaded, with its latest name ('（已不在组织机构表中）' if dropped)."""
    try:
        rows = con.execute(
            "SELECT s.code, s.name, c.code IS NOT NULL FROM staging.regions s LEFT JOIN core.regions c USING (code) "
            "QUALIFY row_number() OVER (PARTITION BY s.code ORDER BY s.batch_date DESC, s.file_name DESC) = 1"
        ).fetchall()
    except duckdb.Error:  # a warehouse without regions yet
        return {}
    return {code: name if current else f"{name}，已不在组织机构表中" for code, name, current in rows}


def with_org_names(text: str, names: dict[str, str]) -> str:
    """`text` with each known org code followed by its name: '140431101' -> '140431101（和合乡）'."""
    return CODE_TOKEN.sub(lambda m: f"{m.group(0)}（{names[m.group(0)]}）" if m.group(0) in names else m.group(0),
                          text or "")


def check_code(check_name: str) -> str:
    """The stable code of a failing blocking check: a code that points at nothing is a dangling reference."""
    if check_name.endswith("__period_complete"):
        return "PERIOD_INCOMPLETE"
    return "DANGLING_REFERENCE" if check_name.endswith("_resolves") else "BLOCKING_CHECK_FAILED"


def rule_of(check_name: str, period: str | None) -> str:
    """The check's rule in Chinese, from the gate's catalog ('' for a check no longer there)."""
    from pipelines.validate.catalog import SUITES
    from pipelines.validate.run import period_end

    params = {"period": period, "period_end": period_end(period)} if period else {}
    rules = {c.check_name: c.rule_zh(params) for checks in SUITES.values() for c in checks}
    return rules.get(check_name, "")


def check_refusal(f: dict, names: dict[str, str], period: str | None = None) -> list[str]:
    """One failing blocking check (a row of open_blocking_failures) as a refusal: its rule and its examples."""
    table, name = f["table_name"], f["check_name"].split("__", 1)[-1]
    zh = f"{table} {name}：{rule_of(f['check_name'], f.get('period') or period) or f['expected']}；实为 {f['observed']}"
    en = f"{table} {name}: expected {f['expected']}, observed {f['observed']}"
    examples = with_org_names(f.get("detail") or "", names)
    return refusal_lines(check_code(f["check_name"]), zh + (f"。例：{examples}" if examples else ""),
                         en + (f"; e.g. {f['detail']}" if f.get("detail") else ""))


def failed_blocking_checks(result: dg.ExecuteInProcessResult) -> list[dict]:
    """The run's failed blocking checks, shaped like rows of open_blocking_failures (for check_refusal)."""
    out = []
    for c in result.get_asset_check_evaluations():
        if c.passed or c.severity != dg.AssetCheckSeverity.ERROR:
            continue
        meta = {k: v.value for k, v in c.metadata.items()}
        table = ".".join(c.asset_key.path)
        out.append({"check_name": f"{table.replace('.', '_')}__{c.check_name}", "table_name": table,
                    "expected": meta.get("expected", ""), "observed": meta.get("observed", ""),
                    "detail": meta.get("offending values") or None, "period": meta.get("period")})
    return out


def step_refusals(result: dg.ExecuteInProcessResult) -> list[list[str]]:
    """Each failed step that is not a blocking check: its own refusal (a dg.Failure), else step and error."""
    out = []
    for event in result.all_events:
        if not event.is_step_failure:
            continue
        data = event.step_failure_data
        if data.error and data.error.cls_name == "DagsterAssetCheckFailedError":
            continue  # said by failed_blocking_checks, with the rule and the examples
        meta = {k: v.value for k, v in (data.user_failure_data.metadata if data.user_failure_data else {}).items()}
        if "code" in meta:  # a refusal raised by our own step (publish/assets.refusal, ingest/assets)
            out.append(refusal_lines(meta["code"], meta.get("message_zh", ""), meta.get("message_en", ""),
                                     list(meta.get("items") or [])))
            continue
        error = (data.error.message if data.error else "").strip().splitlines()
        out.append(refusal_lines(
            "STEP_FAILED", f"步骤 {event.step_key} 出错，未能完成：{error[0] if error else '原因见运行日志'}",
            f"Step {event.step_key} failed (the Dagster run log has the details)."))
    return out


def unexpected(exc: Exception) -> int:
    """Say an unforeseen error in words, keep its stack trace in a log file beside the Dagster instance; EXIT_FAILED."""
    import os
    import traceback
    from datetime import datetime
    from pathlib import Path

    home = Path(os.environ.get("DAGSTER_HOME") or ".dagster_home")
    where = home / "unionpipe-errors.log"
    try:
        home.mkdir(parents=True, exist_ok=True)
        with where.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{traceback.format_exc()}\n")
    except OSError:
        where = None
    first = (str(exc).strip().splitlines() or [""])[0]
    say(refusal_lines("UNEXPECTED_ERROR",
                      f"命令未能完成：{exc.__class__.__name__}：{first}" + (f"（详情已记入 {where}）" if where else ""),
                      f"The command did not finish: {exc.__class__.__name__}: {first}"
                      + (f" (the details are in {where})" if where else "")))
    return EXIT_FAILED

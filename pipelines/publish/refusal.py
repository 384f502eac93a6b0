"""Why a period may not be published yet: a stable English code, a Chinese sentence, and what is wrong."""

from __future__ import annotations

import duckdb

from pipelines.indicators.period import period_bounds
from pipelines.ingest.specs import SOURCES
from pipelines.publish.completeness import latest_batches, missing_sources
from pipelines.validate.gate import failure_message, open_blocking_failures


class PublishRefused(Exception):
    """Publishing stopped: `code` (stable), `message_zh` (for officers), `items` (what is wrong), `message_en`."""

    def __init__(self, code: str, message_zh: str, items: list[str], message_en: str = ""):
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.items = list(items)
        super().__init__(f"{code}: {message_zh}" + "".join(f"\n  - {item}" for item in self.items))


def refuse_while_incomplete(con: duckdb.DuckDBPyConnection, period: str) -> None:
    """PublishRefused(PERIOD_INCOMPLETE) naming each source with no loaded batch after the period's end."""
    missing = missing_sources(con, period)
    if not missing:
        return
    _, end = period_bounds(period)
    latest = latest_batches(con)
    items = [f"{s} {SOURCES[s].zh}：已加载的最新批次 {latest[s] or '无'}；latest loaded batch {latest[s] or 'none'}"
             for s in missing]
    names = "、".join(SOURCES[s].zh for s in missing)
    raise PublishRefused(
        "PERIOD_INCOMPLETE",
        f"{period} 的数据尚未到齐，暂不能发布：{names} 还没有 {end} 之后的批次（请等各单位报送当月文件并加载后再发布）",
        items,
        f"{period} cannot be published yet: {', '.join(missing)} have no batch dated after {end}"
        " (load each source's file for the month, then publish).",
    )


def refuse_while_failing(con: duckdb.DuckDBPyConnection, period: str) -> None:
    """PublishRefused(BLOCKING_CHECKS_FAILED) naming each open blocking failure, its table and figure."""
    failures = open_blocking_failures(con, period)
    if not failures:
        return
    names = "、".join(f"{f['check_name']}（{f['table_name']}）" for f in failures)
    raise PublishRefused(
        "BLOCKING_CHECKS_FAILED",
        f"有 {len(failures)} 项阻断性数据检查未通过，暂不能发布 {period}：{names}（请修正数据、重新加载并检查后再发布）",
        [failure_message(f) for f in failures],
        f"{len(failures)} blocking check(s) failing: {period} is not published until they pass"
        " (fix the data, load it again, then publish).",
    )


def refuse_personal_data(hits: list[str]) -> None:
    """PublishRefused(PERSONAL_DATA_SUSPECTED) when the package text looks like it holds personal data."""
    if hits:
        raise PublishRefused(
            "PERSONAL_DATA_SUSPECTED",
            "数据包中出现了疑似身份证号或手机号的内容，已停止发布：请检查组织机构代码和报送文件名",
            hits,
            "The package looks like it holds an ID or mobile number: publishing stopped.",
        )

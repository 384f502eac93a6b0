"""The regions file's own rules: it is the reference, so it is taken whole or not at all."""

from __future__ import annotations

import polars as pl

from pipelines.ingest.errors import FileRejected
from pipelines.ingest.judge.evaluate import Evaluated
from pipelines.ingest.read.sheet import ROW

MAX_LISTED = 10


def regions_problems(ev: Evaluated) -> list[str]:
    """Every way a regions file breaks its rules, each naming the row and value."""
    rows = ev.rows
    problems = [
        f"第{r[ROW]}行 {r['column_name']}: {r['reason_code']}"
        for r in ev.reasons.filter(pl.col("severity") == "reject").iter_rows(named=True)
    ]
    counties = rows.filter(pl.col("v_level") == "county")
    if counties.height != 1:
        problems.append(f"层级为“县”的行应恰好一行，实有 {counties.height} 行 (exactly one county)")
    county = counties["v_code"][0] if counties.height == 1 else None
    levels = dict(zip(rows["v_code"], rows["v_level"]))
    for r in rows.iter_rows(named=True):
        want = _parent_level(r["v_level"])
        parent = r["v_parent_code"]
        if want is None and parent is not None:
            problems.append(f"第{r[ROW]}行 上级代码 {parent}: 县级不应有上级 (county has no parent)")
        elif want == "county" and parent != county:
            problems.append(f"第{r[ROW]}行 上级代码 {parent}: 应为县代码 {county} (parent must be the county)")
        elif want == "township" and levels.get(parent) != "township":
            problems.append(f"第{r[ROW]}行 上级代码 {parent}: 村的上级应为乡镇 (a village's parent is a township)")
    return problems


def _parent_level(level: str | None) -> str | None:
    return {"township": "county", "system": "county", "village": "township"}.get(level or "")


def check_regions(ev: Evaluated) -> None:
    """Raise FileRejected('bad_regions') listing the first problems, when there are any."""
    problems = regions_problems(ev)
    if problems:
        shown = "；".join(problems[:MAX_LISTED])
        more = f"；另有 {len(problems) - MAX_LISTED} 处" if len(problems) > MAX_LISTED else ""
        raise FileRejected("bad_regions", shown + more)

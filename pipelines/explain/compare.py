"""`--compare P0`: which records entered or left a figure's numerator and denominator, and why."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.explain.roles import ROLES, SOURCES, Role, balance_family
from pipelines.explain.rows import records_sql
from pipelines.explain.session import published, set_period
from pipelines.explain.writers import write_listing
from pipelines.indicators.rounding import format_value

PRINTED = 30  # change rows printed; the rest go to the file

# What a record looked like, per source: a change in any of these is named in the reason.
STATE: dict[str, tuple[str, ...]] = {
    "units": ("org_code", "active", "employees", "has_union", "union_founded", "members", "migrant_employees"),
    "members": ("org_code", "org_source", "category", "unit_uscc", "village_code"),
    "villages": ("org_code", "with_union", "union_uscc"),
    "cases": ("org_code", "received", "closed", "outcome", "employer_active", "employer_has_union"),
    "tickets": ("org_code", "received_at", "responded_at", "closed_at", "resolved", "satisfaction"),
}
# Why a record is absent from one side's view at all.
ABSENT: dict[str, tuple[str, str]] = {  # (absent at P0: it entered, absent at P: it left)
    "units": ("新单位（P0 期末尚无状态） new unit: no state at the end of P0", "期末无状态 no state at E"),
    "members": ("新入会或新登记 newly joined or registered", "不再在册（离会或从名册删除） left or removed from the register"),
    "villages": ("新增村 new village in regions", "村已从组织机构表删除 village removed from regions"),
    "cases": ("新录入的案件 case newly in the ledger", "案件已从台账删除 case no longer in the ledger"),
    "tickets": ("新录入的诉求 ticket newly in the ledger", "诉求已从台账删除 ticket no longer in the ledger"),
}
# Chinese labels beside the column names a reason cites.
LABELS: dict[str, str] = {
    "org_code": "所属组织", "active": "在营", "employees": "职工数", "has_union": "有工会", "union_founded": "建会日期",
    "members": "会员数", "migrant_employees": "农民工数", "org_source": "归属依据", "category": "类别",
    "unit_uscc": "所在单位", "village_code": "所在村", "with_union": "村有工会", "union_uscc": "村级建会单位",
    "received": "受理日期", "closed": "结案日期", "outcome": "调解结果", "employer_active": "用人单位在营",
    "employer_has_union": "用人单位有工会", "received_at": "受理时间", "responded_at": "响应时间",
    "closed_at": "办结时间", "resolved": "已解决", "satisfaction": "满意度",
}
COLUMNS = ("change", "role", "record", "key", "id_masked", "org_p0", "org_p", "reason",
           "file_name", "batch_date", "row_number")


def _snapshot(con: duckdb.DuckDBPyConnection, code: str, area: str, tag: str) -> None:
    """The listing and every record's state (all areas: moves show) for the period set last."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE ex_list_{tag} AS {records_sql(code, ordered=False)}", {"area": area})
    for role in ROLES[code]:
        src = SOURCES[role.source]
        flag = "true" if role.flag == "true" else f"v.{role.flag}"
        cols = ", ".join(f"v.{c}" for c in STATE[role.source])
        con.execute(f"CREATE OR REPLACE TEMP TABLE ex_state_{role.role}_{tag} AS "
                    f"SELECT {src.key} AS key, {flag} AS flag, {cols} FROM {src.view} v")


def _changes_sql(role: Role, p0: str, p: str) -> str:
    """Rows of one role that entered or left, with the reason built from both sides' states."""
    absent_in, absent_out = ABSENT[role.source]
    both = "a.key IS NOT NULL AND b.key IS NOT NULL"
    diffs = ", ".join(
        f"CASE WHEN {both} AND a.{c} IS DISTINCT FROM b.{c} THEN '{LABELS[c]} {c} ' || coalesce(CAST(a.{c} AS VARCHAR), '—') "
        f"|| '→' || coalesce(CAST(b.{c} AS VARCHAR), '—') END" for c in STATE[role.source])
    unchanged = " AND ".join(f"a.{c} IS NOT DISTINCT FROM b.{c}" for c in STATE[role.source])
    # a role over every record of its view (flag "true") changes only by presence
    flag = "NULL" if role.flag == "true" else (
        f"CASE WHEN {both} THEN '{role.flag} ' || coalesce(CAST(a.flag AS VARCHAR), '—') || '→' "
        "|| coalesce(CAST(b.flag AS VARCHAR), '—') END")
    register = ""  # a member's current register row says when they joined or left
    if role.source == "members":
        register = ("LEFT JOIN core.members cm ON lpad(hex(cm.member_key), 32, '0') = x.key AND "
                    "(a.key IS NULL OR b.key IS NULL)")
        absent_in += "' || coalesce('，入会 joined ' || cm.joined, '') || '"
        absent_out += "' || coalesce('，离会 left ' || cm.\"left\", '') || '"
    reason = (
        f"concat_ws('; ', CASE WHEN a.key IS NULL THEN '{absent_in}' WHEN b.key IS NULL THEN '{absent_out}' END, "
        f"{flag}, {diffs}, CASE WHEN {both} AND {unchanged} "
        f"THEN '记录未变，期间不同 record unchanged: the period differs ({p0}→{p})' END)"
    )
    side = ("SELECT '{change}' AS change, x.role, x.record, x.key, x.id_masked, {org0} AS org_p0, {org1} AS org_p, "
            "{reason} AS reason, x.file_name, x.batch_date, x.row_number "
            "FROM ex_list_{mine} x "
            "ANTI JOIN ex_list_{other} y ON y.role = x.role AND y.key = x.key "
            f"LEFT JOIN ex_state_{role.role}_0 a ON a.key = x.key "
            f"LEFT JOIN ex_state_{role.role}_1 b ON b.key = x.key {register} "
            f"WHERE x.role = '{role.role}'")
    return (side.format(change="entered", mine=1, other=0, org0="a.org_code", org1="x.org_code", reason=reason)
            + " UNION ALL "
            + side.format(change="left", mine=0, other=1, org0="x.org_code", org1="b.org_code", reason=reason))


def changes_sql(code: str, p0: str, p: str) -> str:
    """Every change of the figure's records between the two snapshots, numerator first."""
    parts = " UNION ALL ".join(_changes_sql(r, p0, p) for r in ROLES[code])
    return f"SELECT * FROM ({parts}) ORDER BY role DESC, change, key"


def _rates_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Balance figures: each area's rate at P0 and P (the set they are computed from)."""
    rows = con.execute(
        "SELECT coalesce(a.key, b.key), a.value, b.value, a.role, b.role FROM ex_list_0 a "
        "FULL JOIN ex_list_1 b USING (key) ORDER BY 1").fetchall()
    lines = ["  地区 area    P0 rate → P rate"]
    for key, x0, x1, r0, r1 in rows:
        lines.append(f"  {key}  {format_value(x0, 'RATIO') or '—'} ({r0 or 'not in set'}) → "
                     f"{format_value(x1, 'RATIO') or '—'} ({r1 or 'not in set'})")
    return lines


def compare_figure(con: duckdb.DuckDBPyConnection, code: str, area: str, p0: str, p: str, threshold: int,
                   out: Path | None = None) -> list[str]:
    """Printed lines of the comparison; with `out`, every change row written there."""
    code = code.strip().upper()
    before, after = published(con, p0, area, code), published(con, p, area, code)
    lines = [f"比较 Compare {code} {area}: {p0} {format_value(before['value'], before['unit_measure']) or 'M'}"
             f" ({before['obs_status']}) → {p} {format_value(after['value'], after['unit_measure']) or 'M'}"
             f" ({after['obs_status']})"]
    for tag, period in (("0", p0), ("1", p)):
        set_period(con, period, threshold, coverage=balance_family(code) is not None)
        _snapshot(con, code, area, tag) if not balance_family(code) else con.execute(
            f"CREATE OR REPLACE TEMP TABLE ex_list_{tag} AS {records_sql(code, ordered=False)}", {"area": area})
    if balance_family(code):
        return lines + _rates_lines(con)
    # the changes are few beside the listings: kept once, then counted, printed and written
    con.execute(f"CREATE OR REPLACE TEMP TABLE ex_changes AS {changes_sql(code, p0, p)}")
    sql = "SELECT * FROM ex_changes ORDER BY role DESC, change, key"
    counts = con.execute("SELECT role, change, count(*) FROM ex_changes GROUP BY ALL ORDER BY 1 DESC, 2").fetchall()
    lines += [f"  {role} {'进入 entered' if change == 'entered' else '移出 left'}: {n}" for role, change, n in counts]
    if not counts:
        lines.append("  两期记录相同 the same records in both periods")
    for row in con.execute(f"{sql} LIMIT {PRINTED}").fetchall():
        change, role, record, key, masked, org0, org1, reason = row[:8]
        who = f"{key} {masked}" if masked else key
        lines.append(f"  [{change} {role}] {record} {who} ({org0 or '—'}→{org1 or '—'}): {reason}")
    if out is not None:
        reader = con.sql(sql).to_arrow_reader(65_536)
        n = write_listing(reader, reader.schema, out)
        lines.append(f"已写出 {n} 条变化 Wrote {n} change row(s) to {out}")
    return lines

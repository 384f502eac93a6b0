"""Which per-record rows (sql/indicators/records/) make each indicator's numerator and denominator.

Each role names a records view, the view's own flag that the aggregate SQL filters on, and the
column it sums (None: the rows are counted). The flags are the ones coverage.sql, mediation.sql,
grievances.sql and integrated.sql aggregate, so a listing cannot disagree with the figure; the test
tests/test_explain.py recomputes every indicator from these rows.
"""

from __future__ import annotations

from typing import NamedTuple


class Source(NamedTuple):
    """A records view and how its rows read in a listing (SQL over alias `v`)."""

    view: str
    record: str
    key: str
    id_masked: str
    area_reason: str
    detail: str


# A member's key shows as 32 hex digits: DuckDB 2.0 casts a UHUGEINT to decimal text at ~0.2 ms a row
# (minutes for a county's register), hex() in microseconds.
SOURCES: dict[str, Source] = {
    "units": Source(
        "ind_rec_units", "unit", "v.uscc", "NULL",
        "'单位期末状态的所属组织 org_code of the unit''s state at E'",
        "concat_ws('; ', 'employees ' || v.employees, 'members ' || v.members,"
        " 'migrant ' || v.migrant_employees,"
        " CASE WHEN v.has_union THEN 'union ' || coalesce(CAST(v.union_founded AS VARCHAR), '?') ELSE 'no union' END,"
        " CASE WHEN NOT v.active THEN 'closed' END)"),
    "members": Source(
        "ind_rec_members", "member", "lpad(hex(v.member_key), 32, '0')", "v.id_masked",
        "CASE v.org_source"
        " WHEN 'unit' THEN '所在单位 ' || v.unit_uscc || ' 期末状态的所属组织 org of its unit''s state at E'"
        " WHEN 'village' THEN '所在村 ' || v.village_code || ' 的上级乡镇（单位期末无状态）"
        " township above its village (no unit state at E)'"
        " ELSE '无所属组织，只计入全县 no org: county only' END",
        "concat_ws('; ', v.category, 'unit ' || v.unit_uscc, 'village ' || v.village_code, 'joined ' || v.joined)"),
    "villages": Source(
        "ind_rec_villages", "village", "v.village_code", "NULL",
        "'村的上级乡镇 township above the village'",
        "CASE WHEN v.with_union THEN 'union unit ' || v.union_uscc ELSE 'no village union' END"),
    "cases": Source(
        "ind_rec_cases", "case", "v.case_no", "NULL",
        "'案件所属组织 the case''s org_code'",
        "concat_ws('; ', 'received ' || v.received, 'closed ' || v.closed, v.outcome, 'days ' || v.days,"
        " 'employer ' || v.employer_uscc)"),
    "tickets": Source(
        "ind_rec_tickets", "ticket", "v.ticket_no", "NULL",
        "'诉求所属组织 the ticket''s org_code'",
        "concat_ws('; ', 'received ' || v.received_at, 'responded ' || v.responded_at, 'closed ' || v.closed_at,"
        " CASE WHEN v.resolved THEN 'resolved' END, v.satisfaction)"),
}


class Role(NamedTuple):
    """One side of a figure: `role` (numerator, denominator, value), source, flag, summed column."""

    role: str
    source: str
    flag: str
    amount: str | None = None
    value: str | None = None


def _num(source: str, flag: str, amount: str | None = None) -> Role:
    return Role("numerator", source, flag, amount)


def _den(source: str, flag: str, amount: str | None = None) -> Role:
    return Role("denominator", source, flag, amount)


ROLES: dict[str, tuple[Role, ...]] = {
    "COV_UNITS_REQUIRED": (_num("units", "required"),),
    "COV_UNITS_ESTABLISHED": (_num("units", "established"),),
    "COV_ESTABLISHMENT_RATE": (_num("units", "established"), _den("units", "required")),
    "COV_EMPLOYEES": (_num("units", "active", "employees"),),
    "COV_MEMBERS": (_num("units", "union_active", "members"),),
    "COV_MEMBERSHIP_RATE": (_num("units", "union_active", "members"), _den("units", "active", "employees")),
    "COV_MIGRANT_EMPLOYEES": (_num("units", "active", "migrant_employees"),),
    "COV_MIGRANT_MEMBERS": (_num("members", "migrant"),),
    "COV_REGISTERED_MEMBERS": (_num("members", "true"),),
    "COV_REALNAME_RATE": (_num("members", "true"), _den("units", "union_active", "members")),
    "COV_VILLAGE_UNION_RATE": (_num("villages", "with_union"), _den("villages", "true")),
    "MED_RECEIVED": (_num("cases", "received_in_p"),),
    "MED_CLOSED": (_num("cases", "closed_in_p"),),
    "MED_SUCCESS": (_num("cases", "success"),),
    "MED_SUCCESS_RATE": (_num("cases", "success"), _den("cases", "closed_in_p")),
    "MED_WITHIN_15D_RATE": (_num("cases", "within_15d"), _den("cases", "closed_in_p")),
    "MED_MEDIAN_DAYS": (Role("value", "cases", "closed_in_p", value="days"),),
    "MED_PENDING_END": (_num("cases", "pending_at_end"),),
    "MED_OVERDUE_PENDING": (_num("cases", "overdue"),),
    "MED_WORKERS": (_num("cases", "received_in_p", "workers"),),
    "MED_AMOUNT_AGREED": (_num("cases", "success", "amount_agreed"),),
    "MED_RECOVERY_RATE": (_num("cases", "recovery", "amount_agreed"), _den("cases", "recovery", "amount_claimed")),
    "GRV_RECEIVED": (_num("tickets", "received_in_p"),),
    "GRV_RESPONDED_24H_RATE": (_num("tickets", "responded_24h"), _den("tickets", "received_in_p")),
    "GRV_CLOSED": (_num("tickets", "closed_in_p"),),
    "GRV_RESOLVED_RATE": (_num("tickets", "resolved_in_p"), _den("tickets", "closed_in_p")),
    "GRV_SATISFACTION_RATE": (_num("tickets", "satisfied"), _den("tickets", "rated")),
    "INT_DISPUTES_PER_1000": (_num("cases", "received_in_p"), _den("units", "active", "employees")),
    "INT_DISPUTES_PER_1000_UNION": (_num("cases", "union_employer"), _den("units", "union_active", "employees")),
    "INT_DISPUTES_PER_1000_NONUNION": (_num("cases", "nonunion_employer"),
                                       _den("units", "nonunion_active", "employees")),
}


def balance_family(code: str) -> str | None:
    """'ESTAB' or 'MEMB' for a balance code (BAL_ESTAB_CV → ESTAB), else None."""
    parts = code.split("_")
    return parts[1] if parts[0] == "BAL" else None

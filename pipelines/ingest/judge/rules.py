"""Every row rule of the standard, as data: (code, column, severity, expression true where broken).

Cell rules (missing, unparsable, out of range, future) come from the column declarations in
`specs.py`; the rules that relate columns, or a column to the regions, are listed per source below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from pipelines.ingest.judge.identifiers import gender_of_id
from pipelines.ingest.specs import Source

TYPE_CODES = {
    "date": "bad_date", "datetime": "bad_datetime", "integer": "bad_integer", "amount": "bad_amount",
    "boolean": "bad_boolean", "enum": "bad_enum", "id_number": "bad_id_number", "uscc": "bad_uscc",
}
PHONE_RE = r"^1\d{10}$"


def t(name: str) -> pl.Expr:
    """The cleaned text of a column (null when empty or a null spelling)."""
    return pl.col("t_" + name)


def v(name: str) -> pl.Expr:
    """The typed value of a column."""
    return pl.col("v_" + name)


def codes(values=()) -> pl.Series:
    """A set of codes to check against, as a Polars column (built once per source, not per file)."""
    return pl.Series("codes", list(values), dtype=pl.String).unique()


@dataclass(frozen=True)
class References:
    """What rows are checked against: region codes by level, and credit codes of known units.

    None: not known (a dry run with no warehouse and no regions file), and the rules on it are skipped.
    """

    orgs: pl.Series | None  # townships and systems
    villages: pl.Series | None
    known_units: pl.Series | None = field(default_factory=codes)


@dataclass(frozen=True)
class Rule:
    """One rule: the contract's code, the column it points at, reject or warn, and when it is broken."""

    code: str
    column: str
    severity: str  # reject | warn
    broken: Callable[[References], pl.Expr]


def _in(col: str, known: pl.Series | None) -> pl.Expr:
    # Unknown references count every value as known: the rule is skipped, never broken by every row.
    return pl.lit(True) if known is None else v(col).is_in(known.implode())


CROSS_RULES: dict[str, list[Rule]] = {
    "regions": [],
    "units": [
        Rule("unknown_org", "org_code", "reject", lambda r: v("org_code").is_not_null() & ~_in("org_code", r.orgs)),
        Rule("unknown_village", "village_code", "reject",
             lambda r: v("village_code").is_not_null() & ~_in("village_code", r.villages)),
        Rule("village_missing", "village_code", "reject",
             lambda r: (v("unit_type") == "village") & t("village_code").is_null()),
        Rule("out_of_range", "migrant_employees", "reject",
             lambda r: v("migrant_employees") > v("employees")),
        Rule("founded_missing", "union_founded", "reject",
             lambda r: v("has_union") & t("union_founded").is_null()),
        Rule("members_without_union", "members", "reject", lambda r: ~v("has_union") & (v("members") > 0)),
        Rule("members_exceed_employees", "members", "warn", lambda r: v("members") > v("employees")),
    ],
    "members": [
        Rule("unknown_village", "village_code", "reject",
             lambda r: v("village_code").is_not_null() & ~_in("village_code", r.villages)),
        Rule("no_affiliation", "unit_uscc", "reject",
             lambda r: t("unit_uscc").is_null() & t("village_code").is_null()),
        Rule("left_before_joined", "left", "reject", lambda r: v("left") < v("joined")),
        Rule("gender_mismatch", "gender", "warn",
             lambda r: v("gender").is_not_null() & v("id_number").is_not_null()
             & (v("gender") != gender_of_id(v("id_number")))),
        Rule("bad_phone", "phone", "warn", lambda r: t("phone").is_not_null() & ~t("phone").str.contains(PHONE_RE)),
    ],
    "mediation": [
        Rule("unknown_org", "org_code", "reject", lambda r: v("org_code").is_not_null() & ~_in("org_code", r.orgs)),
        Rule("closed_when_pending", "closed", "reject", lambda r: (v("outcome") == "pending") & t("closed").is_not_null()),
        Rule("closed_missing", "closed", "reject",
             lambda r: v("outcome").is_not_null() & (v("outcome") != "pending") & t("closed").is_null()),
        Rule("closed_before_received", "closed", "reject", lambda r: v("closed") < v("received")),
        Rule("agreed_without_success", "amount_agreed", "reject",
             lambda r: t("amount_agreed").is_not_null() & v("outcome").is_not_null() & (v("outcome") != "success")),
        Rule("unknown_employer", "employer_uscc", "warn",
             lambda r: v("employer_uscc").is_not_null() & ~_in("employer_uscc", r.known_units)),
    ],
    "grievances": [
        Rule("unknown_org", "org_code", "reject", lambda r: v("org_code").is_not_null() & ~_in("org_code", r.orgs)),
        Rule("responded_before_received", "responded_at", "reject", lambda r: v("responded_at") < v("received_at")),
        Rule("closed_before_received", "closed_at", "reject", lambda r: v("closed_at") < v("received_at")),
        Rule("resolved_missing", "resolved", "reject", lambda r: t("closed_at").is_not_null() & t("resolved").is_null()),
    ],
}


def cell_rules(source: Source, batch_date: dt.date) -> list[tuple[str, str, str, pl.Expr]]:
    """(code, column, severity, broken) for each column's own rules: missing, type, range, future."""
    rules = []
    for col in source.columns:
        if col.required:
            rules.append(("missing_value", col.name, "reject", t(col.name).is_null()))
        if col.kind in TYPE_CODES:
            rules.append((TYPE_CODES[col.kind], col.name, "reject", t(col.name).is_not_null() & v(col.name).is_null()))
        if col.minimum is not None:
            rules.append(("out_of_range", col.name, "reject", v(col.name) < col.minimum))
        if col.kind == "date":
            rules.append(("future_date", col.name, "reject", v(col.name) > batch_date))
        if col.kind == "datetime":
            rules.append(("future_date", col.name, "reject", v(col.name).dt.date() > batch_date))
    return rules


def all_rules(source: Source, batch_date: dt.date, refs: References) -> list[tuple[str, str, str, pl.Expr]]:
    """Every rule of a source for one batch, cell rules first."""
    cross = [(r.code, r.column, r.severity, r.broken(refs)) for r in CROSS_RULES[source.name]]
    return cell_rules(source, batch_date) + cross

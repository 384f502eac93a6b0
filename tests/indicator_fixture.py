"""A small hand-built county in the core tables, for checking every indicator by hand.

County 140431 has two townships (T1 甲镇, T2 乙镇) and one system (S1 教育系统); villages V11, V12
under T1 and V21 under T2. The period worked in the tests is 2026-10 (E = 2026-10-31).
Each row below carries a comment saying what it is there to exercise.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb

COUNTY, T1, T2, S1 = "140431", "140431100", "140431200", "140431900"
V11, V12, V21 = "140431100201", "140431100202", "140431200201"

# The core tables exactly as docs/warehouse.md defines them (provenance columns first).
PROVENANCE = "file_id VARCHAR, file_name VARCHAR, batch_date DATE, \"row_number\" INTEGER"
CORE_DDL = {
    "regions": "code VARCHAR, name VARCHAR, level VARCHAR, parent_code VARCHAR",
    "units": "uscc VARCHAR, name VARCHAR, org_code VARCHAR, unit_type VARCHAR, village_code VARCHAR, "
    "employees INTEGER, migrant_employees INTEGER, has_union BOOLEAN, union_founded DATE, members INTEGER, "
    "report_date DATE, status VARCHAR, batch_seq BIGINT",
    "members": "member_key VARCHAR, id_masked VARCHAR, name_masked VARCHAR, gender VARCHAR, birth_year SMALLINT, "
    "category VARCHAR, unit_uscc VARCHAR, village_code VARCHAR, joined DATE, \"left\" DATE, card_no VARCHAR, "
    "phone_masked VARCHAR",
    "mediation": "case_no VARCHAR, received DATE, org_code VARCHAR, employer_uscc VARCHAR, dispute_type VARCHAR, "
    "workers INTEGER, amount_claimed DOUBLE, outcome VARCHAR, closed DATE, amount_agreed DOUBLE, "
    "applicant_key VARCHAR, applicant_masked VARCHAR",
    "grievances": "ticket_no VARCHAR, channel VARCHAR, received_at TIMESTAMP, org_code VARCHAR, "
    "employer_uscc VARCHAR, topic VARCHAR, responded_at TIMESTAMP, closed_at TIMESTAMP, resolved BOOLEAN, "
    "satisfaction VARCHAR, complainant_key VARCHAR, complainant_masked VARCHAR, complainant_phone_masked VARCHAR",
}

D = date.fromisoformat


def T(text: str) -> datetime:
    """A local timestamp from 'YYYY-MM-DD HH:MM:SS'."""
    return datetime.fromisoformat(text)


REGIONS = [
    (COUNTY, "示例县", "county", None),
    (T1, "甲镇", "township", COUNTY),
    (T2, "乙镇", "township", COUNTY),
    (S1, "教育系统", "system", COUNTY),
    (V11, "东村", "village", T1),
    (V12, "西村", "village", T1),
    (V21, "南村", "village", T2),
]

# batch_seq -> (file name, batch date) of the units files, in the order they apply.
UNIT_BATCHES = {
    1: ("20261001_units.csv", D("2026-10-01")),
    2: ("20261002_补报.csv", D("2026-10-02")),
    3: ("20261105_units.csv", D("2026-11-05")),
    4: ("20261112_units.csv", D("2026-11-12")),
}

# uscc, org, type, village, employees, migrant, has_union, founded, members, report_date, status, seq
UNITS = [
    ("U01", T1, "enterprise", None, 100, 40, True, D("2020-01-01"), 80, D("2026-09-30"), "active", 1),
    # U02 changes mid-period: no union on 09-30, union founded 10-10 reported 10-15 (inside P);
    # the 11-05 version (60 employees) is after E and must be ignored for 2026-10.
    ("U02", T1, "enterprise", None, 30, 10, False, None, 0, D("2026-09-30"), None, 1),
    ("U02", T1, "enterprise", None, 30, 10, True, D("2026-10-10"), 20, D("2026-10-15"), "active", 3),
    ("U02", T1, "enterprise", None, 60, 10, True, D("2026-10-10"), 50, D("2026-11-05"), "active", 4),
    # U03: under the threshold; an enterprise in V12 (not a village unit: V12 gets no credit from it)
    ("U03", T1, "enterprise", V12, 20, 5, True, D("2019-05-01"), 15, D("2026-09-30"), "active", 1),
    ("U04", T1, "village", V11, 10, 0, True, D("2018-03-01"), 8, D("2026-09-30"), "active", 1),
    # U05: has_union but founded after E: required, not established; V12 not a union village
    ("U05", T1, "village", V12, 26, None, True, D("2026-11-03"), 20, D("2026-10-31"), "active", 4),
    # U06: active until its 10-20 version closes it
    ("U06", T1, "enterprise", None, 50, 0, True, D("2016-01-01"), 45, D("2026-06-30"), "active", 1),
    ("U06", T1, "enterprise", None, 50, 0, True, D("2016-01-01"), 45, D("2026-10-20"), "closed", 3),
    # U07: two versions with the same report_date: the later batch (seq 2, 40 employees) wins
    ("U07", T2, "enterprise", None, 35, None, True, D("2015-07-01"), 30, D("2026-09-30"), "active", 1),
    ("U07", T2, "enterprise", None, 40, None, True, D("2015-07-01"), 38, D("2026-09-30"), "active", 2),
    # U08: exactly 25 employees; a later batch re-reports an older date (99), which loses
    ("U08", T2, "enterprise", None, 25, 20, False, None, 0, D("2026-09-30"), "active", 1),
    ("U08", T2, "enterprise", None, 99, 20, False, None, 0, D("2026-09-01"), "active", 2),
    ("U09", T2, "village", V21, 3, 0, True, D("2021-04-01"), 3, D("2026-09-30"), None, 1),
    ("U10", S1, "institution", None, 60, 0, True, D("2010-09-01"), 60, D("2026-09-30"), "active", 1),
    ("U11", S1, "institution", None, 45, 0, True, D("2012-03-01"), 40, D("2026-09-30"), "active", 1),
    # U12: first reported after E, so it has no state at E
    ("U12", T2, "enterprise", None, 70, 0, True, D("2026-11-01"), 65, D("2026-11-04"), "active", 3),
]

# key, category, unit_uscc, village_code, joined, left
MEMBERS = [
    ("M01", "worker", "U01", None, D("2020-02-01"), None),
    ("M02", "migrant", "U01", None, D("2021-01-01"), D("2026-10-15")),  # left before E
    ("M03", "migrant", "U01", None, D("2021-01-01"), D("2026-11-15")),  # left after E: active
    ("M04", "worker", "U07", None, D("2022-03-01"), None),
    ("M05", "migrant", "U12", V11, D("2023-01-01"), None),  # unit has no state at E: via V11 -> T1
    ("M06", "worker", None, V21, D("2023-05-01"), None),  # no unit: via V21 -> T2
    ("M07", "worker", "U06", None, D("2019-01-01"), None),  # closed unit still has a state: T1
    ("M08", "cadre", "U10", None, D("2011-01-01"), None),
    ("M09", "migrant", "U99", None, D("2024-01-01"), None),  # unknown unit, no village: county only
    ("M10", "worker", "U10", None, D("2026-11-01"), None),  # joined after E
    ("M11", "worker", "U07", None, D("2020-01-01"), D("2026-10-31")),  # left on E: not active
    ("M12", "worker", "U10", None, D("2026-10-31"), None),  # joined on E: active
]

# case, received, org, employer, type, workers, claimed, outcome, closed, agreed
CASES = [
    ("C01", D("2026-10-01"), T1, "U01", "wages", 2, 10000.0, "success", D("2026-10-16"), 8000.0),  # 15 days
    ("C02", D("2026-10-02"), T1, "U02", "wages", 1, None, "success", D("2026-10-18"), 3000.0),  # 16 d, no claim
    ("C03", D("2026-09-10"), T1, "U03", "contract", 3, None, "failed", D("2026-10-05"), None),  # 25 days
    ("C04", D("2026-10-15"), T1, "U05", "wages", 4, 6000.0, "pending", None, None),  # 16 days before E
    ("C05", D("2026-10-20"), T1, None, "hours", 1, None, "pending", None, None),
    ("C06", D("2026-10-25"), T1, "U01", "injury", 1, 20000.0, "success", D("2026-11-03"), 15000.0),  # after E
    ("C07", D("2026-10-16"), T1, "U06", "wages", 2, None, "pending", None, None),  # 15 days before E
    ("C08", D("2026-10-05"), T2, "U08", "social_insurance", 2, 4000.0, "withdrawn", D("2026-10-09"), None),
    ("C09", D("2026-08-01"), T2, "U07", "wages", 5, 1000.0, "success", D("2026-09-15"), 900.0),  # before P
    ("C10", D("2026-09-20"), T2, "U07", "other", 1, None, "pending", None, None),  # 41 days before E
    ("C11", D("2026-10-03"), T1, None, "wages", 1, 2000.0, "success", D("2026-10-13"), 2000.0),  # 10 days
]

# ticket, channel, received_at, org, topic, responded_at, closed_at, resolved, satisfaction
TICKETS = [
    ("G01", "hotline", T("2026-10-05 09:00:00"), T1, "wages", T("2026-10-06 09:00:00"),  # exactly 24 h
     T("2026-10-10 12:00:00"), True, "satisfied"),
    ("G02", "visit", T("2026-10-07 08:00:00"), T1, "wages", T("2026-10-08 08:00:01"),  # 24 h + 1 s
     T("2026-10-20 17:00:00"), False, "unsatisfied"),
    ("G03", "online", T("2026-10-31 23:30:00"), T1, "hours", None, None, None, None),
    ("G04", "letter", T("2026-09-28 10:00:00"), T1, "contract", T("2026-09-28 15:00:00"),
     T("2026-10-02 09:00:00"), True, "none"),
    ("G05", "hotline", T("2026-10-12 09:00:00"), T1, "wages", T("2026-10-12 10:00:00"),
     T("2026-11-01 00:00:00"), True, "basic"),  # closed after E
    ("G06", "card", T("2026-10-01 00:00:00"), T1, "injury", T("2026-10-01 02:00:00"),
     T("2026-10-31 23:59:59"), True, "basic"),
    ("G07", "hotline", T("2026-10-14 08:00:00"), T1, "other", T("2026-10-15 14:00:00"),  # 30 h
     T("2026-10-15 16:00:00"), True, None),  # null satisfaction reads as none
    ("G08", "hotline", T("2026-09-30 23:59:59"), T2, "wages", T("2026-10-01 08:00:00"),
     T("2026-10-01 00:00:00"), True, "satisfied"),
]


def create_core_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or empty) the five core tables with exactly the documented columns."""
    for table, columns in CORE_DDL.items():
        con.execute(f"CREATE OR REPLACE TABLE core.{table} ({columns}, {PROVENANCE})")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    marks = ", ".join("?" * len(rows[0]))
    con.executemany(f"INSERT INTO core.{table} VALUES ({marks})", rows)


def build_county(con: duckdb.DuckDBPyConnection) -> None:
    """Create the core tables and fill them with the county above."""
    create_core_tables(con)
    prov = ("f1", "20261001_x.csv", D("2026-10-01"))
    _insert(con, "regions", [(*r, *prov, i + 2) for i, r in enumerate(REGIONS)])
    _insert(con, "units", [
        (u[0], f"单位{u[0]}", *u[1:], f"units{u[-1]}", *UNIT_BATCHES[u[-1]], i + 2)
        for i, u in enumerate(UNITS)
    ])
    _insert(con, "members", [
        (key, "140431********123X", "张*", "M", 1990, cat, unit, village, joined, left,
         None, "138****5678", *prov, i + 2)
        for i, (key, cat, unit, village, joined, left) in enumerate(MEMBERS)
    ])
    _insert(con, "mediation", [
        (*c, None, None, *prov, i + 2) for i, c in enumerate(CASES)
    ])
    _insert(con, "grievances", [
        (t[0], t[1], t[2], t[3], None, *t[4:], None, None, None, *prov, i + 2)
        for i, t in enumerate(TICKETS)
    ])

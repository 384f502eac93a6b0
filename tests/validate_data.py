"""A small, clean warehouse for the gate's tests: core tables with exactly the columns of
docs/warehouse.md, the file registry, and a full set of indicators for one period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from pipelines.settings import Settings
from pipelines.validate.indicator_contract import INDICATORS
from pipelines.warehouse import connect

LINEAGE = "file_id VARCHAR, file_name VARCHAR, batch_date DATE, row_number INTEGER"
DDL = {
    "regions": "code VARCHAR, name VARCHAR, level VARCHAR, parent_code VARCHAR",
    "units": "uscc VARCHAR, name VARCHAR, org_code VARCHAR, unit_type VARCHAR, village_code VARCHAR, "
             "employees INT, migrant_employees INT, has_union BOOLEAN, union_founded DATE, members INT, "
             "report_date DATE, status VARCHAR, batch_seq BIGINT",
    "members": "member_key VARCHAR, id_masked VARCHAR, name_masked VARCHAR, gender VARCHAR, birth_year SMALLINT, "
               "category VARCHAR, unit_uscc VARCHAR, village_code VARCHAR, joined DATE, \"left\" DATE, "
               "card_no VARCHAR, phone_masked VARCHAR",
    "mediation": "case_no VARCHAR, received DATE, org_code VARCHAR, employer_uscc VARCHAR, dispute_type VARCHAR, "
                 "workers INT, amount_claimed DOUBLE, outcome VARCHAR, closed DATE, amount_agreed DOUBLE, "
                 "applicant_key VARCHAR, applicant_masked VARCHAR",
    "grievances": "ticket_no VARCHAR, channel VARCHAR, received_at TIMESTAMP, org_code VARCHAR, "
                  "employer_uscc VARCHAR, topic VARCHAR, responded_at TIMESTAMP, closed_at TIMESTAMP, "
                  "resolved BOOLEAN, satisfaction VARCHAR, complainant_key VARCHAR, complainant_masked VARCHAR, "
                  "complainant_phone_masked VARCHAR",
}
COUNTY, T1, T2, SYS, V1, V2 = "140431", "140431101", "140431102", "140431901", "140431101201", "140431102201"
REGIONS = [(COUNTY, "县", "county", None), (T1, "郭道镇", "township", COUNTY), (T2, "东镇", "township", COUNTY),
           (SYS, "教育系统", "system", COUNTY), (V1, "一村", "village", T1), (V2, "二村", "village", T2)]
# uscc, org, village, employees, migrants, has_union, members
UNITS = [("U1", T1, None, 40, 5, True, 30), ("U2", T2, None, 10, 0, False, 0),
         ("U3", SYS, None, 60, None, True, 50), ("U4", T1, V1, 30, 2, True, 25)]


def batches(today: dt.date) -> tuple[dt.date, dt.date]:
    """The two batch dates every source has: a month apart, the latest three days ago."""
    latest = today - dt.timedelta(days=3)
    return latest - dt.timedelta(days=30), latest


def clean_period(today: dt.date) -> str:
    """The period the latest batch completes: the month before the latest batch's month."""
    first = batches(today)[1].replace(day=1) - dt.timedelta(days=1)
    return first.strftime("%Y-%m")


def build_clean(path: Path, today: dt.date | None = None) -> Settings:
    """Write the clean warehouse at `path`; the Settings that point at it."""
    today = today or dt.date.today()
    con = connect(path)
    for table, cols in DDL.items():
        con.execute(f"CREATE OR REPLACE TABLE core.{table} ({cols}, {LINEAGE})")
    first, latest = batches(today)
    for source in ("regions", "units", "members", "mediation", "grievances"):
        for n, day in enumerate((first, latest), start=1):
            name = f"{day:%Y%m%d}_{source}.csv"
            con.execute("INSERT INTO audit.files (file_id, sha256, source, file_name, rel_path, batch_date, status)"
                        " VALUES (?, ?, ?, ?, ?, ?, 'loaded')",
                        [fid(source, n), f"sha{n}", source, name, f"{source}/{name}", day])
    lineage = lambda src, n, row: [fid(src, 2), f"{latest:%Y%m%d}_{src}.csv", latest, row]  # noqa: E731
    for i, r in enumerate(REGIONS):
        con.execute("INSERT INTO core.regions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [*r, *lineage("regions", 2, i + 3)])
    for seq, day in enumerate((first, latest), start=1):
        for i, (uscc, org, village, emp, mig, union, mem) in enumerate(UNITS):
            con.execute("INSERT INTO core.units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)",
                        [uscc, f"单位{uscc}", org, "village" if village else "enterprise", village, emp, mig, union,
                         dt.date(2020, 1, 1) if union else None, mem, day, seq,
                         fid("units", seq), f"{day:%Y%m%d}_units.csv", day, i + 2])
    for i in range(20):
        unit, village = (("U1", None), ("U3", None), (None, V2), ("U4", V1))[i % 4]
        con.execute("INSERT INTO core.members VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [f"k{i:03d}", "140431********123X", "张*", "M", 1980, "worker", unit, village,
                     dt.date(2021, 1, 1), None, None, None, *lineage("members", 2, i + 2)])
    for i, org in enumerate((T1, T2, SYS)):
        con.execute("INSERT INTO core.mediation VALUES (?, ?, ?, ?, 'wages', ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)",
                    [f"M{i}", latest - dt.timedelta(days=20), org, "U1", 2, 1000.0, "success" if i else "pending",
                     latest - dt.timedelta(days=10) if i else None, 800.0 if i else None,
                     *lineage("mediation", 2, i + 2)])
        received = dt.datetime.combine(latest, dt.time(9)) - dt.timedelta(days=5)
        con.execute("INSERT INTO core.grievances VALUES (?, 'hotline', ?, ?, NULL, 'wages', ?, ?, ?, NULL, NULL, NULL,"
                    " NULL, ?, ?, ?, ?)",
                    [f"G{i}", received, org, received + dt.timedelta(hours=2), received + dt.timedelta(days=1), True,
                     *lineage("grievances", 2, i + 2)])
    write_indicators(con, clean_period(today))
    con.close()
    return Settings.from_env(warehouse_path=str(path))


# Sane values above 1 where the contract allows them.
UNBOUNDED = {"COV_REALNAME_RATE": 1.25, "BAL_ESTAB_CV": 1.4, "INT_DISPUTES_PER_1000": 12.5}


def write_indicators(con: duckdb.DuckDBPyConnection, period: str) -> None:
    """A full, sane marts.indicators for `period`: every area × indicator once."""
    con.execute("DELETE FROM marts.indicators WHERE period = ?", [period])
    areas = [(code, level) for code, _, level, _ in REGIONS if level != "village"]
    for area, level in areas:
        for code, (unit, county_only, _) in INDICATORS.items():
            if county_only and level != "county":
                continue
            value = UNBOUNDED.get(code, 0.5 if unit == "RATIO" else 3.0)
            con.execute("INSERT INTO marts.indicators VALUES (?, ?, ?, ?, NULL, NULL, 10, ?, 'A', now())",
                        [period, area, code, unit, value])


def fid(source: str, n: int) -> str:
    """The file id of batch n of a source."""
    return f"{source}-file-{n}"

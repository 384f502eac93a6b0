"""Rows: every reject and warn rule of the standard, each row carrying every reason it earns."""

from __future__ import annotations

import duckdb

from raw_files import (GRIEVANCE_HEADER, MEDIATION_HEADER, MEMBER_HEADER, SYSTEM, TOWN_A, TOWN_B, UNIT_HEADER,
                       VILLAGE_B1, id_number, landing, uscc, write_csv)

U1, U2 = uscc("91140431MA0000001"), uscc("91140431MA0000002")


def reasons(path, table: str = "quarantine") -> set[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return set(con.execute(f"SELECT row_number, column_name, reason_code FROM audit.{table}").fetchall())
    finally:
        con.close()


def counts(path, rel_path: str) -> tuple:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT rows_read, rows_loaded, rows_duplicate, rows_quarantined FROM audit.files "
                           "WHERE rel_path = ?", [rel_path]).fetchall()[0]
    finally:
        con.close()


def unit(**kw) -> list:
    base = dict(uscc=U1, name="机械厂", org=TOWN_A, type="企业", village="", employees="30", migrants="5",
                has_union="是", founded="2020-01-01", members="20", report="2026-08-31", status="存续")
    base.update(kw)
    return list(base.values())


def test_unit_rules(tmp_path, load_all):
    raw = landing(tmp_path)
    rows = [
        UNIT_HEADER,
        unit(),                                                             # line 2: valid
        unit(uscc="91140431MA00000010"),                                    # 3 bad_uscc
        unit(uscc=U2, org="140431999"),                                     # 4 unknown_org
        unit(uscc=uscc("91140431MA0000003"), type="村"),                    # 5 village_missing
        unit(uscc=uscc("91140431MA0000004"), type="村", village="140431100299"),  # 6 unknown_village
        unit(uscc=uscc("91140431MA0000005"), migrants="31"),                # 7 out_of_range (migrants > employees)
        unit(uscc=uscc("91140431MA0000006"), founded=""),                   # 8 founded_missing
        unit(uscc=uscc("91140431MA0000007"), has_union="否", founded=""),   # 9 members_without_union
        unit(uscc=uscc("91140431MA0000008"), report="2026-09-06", employees="abc"),  # 10 future_date + bad_integer
        unit(uscc=uscc("91140431MA0000009"), name="", has_union="maybe"),   # 11 missing_value + bad_boolean
        unit(uscc=uscc("91140431MA0000010"), members="40"),                 # 12 kept, warned (members > employees)
        unit(uscc=uscc("91140431MA0000011"), type="工厂", employees="-1"),   # 13 bad_enum + out_of_range
    ]
    write_csv(raw / "units" / "20260905_units.csv", rows)
    load_all(raw, tmp_path / "w.duckdb")
    assert reasons(tmp_path / "w.duckdb") == {
        (3, "uscc", "bad_uscc"), (4, "org_code", "unknown_org"), (5, "village_code", "village_missing"),
        (6, "village_code", "unknown_village"), (7, "migrant_employees", "out_of_range"),
        (8, "union_founded", "founded_missing"), (9, "members", "members_without_union"),
        (10, "report_date", "future_date"), (10, "employees", "bad_integer"),
        (11, "name", "missing_value"), (11, "has_union", "bad_boolean"),
        (13, "unit_type", "bad_enum"), (13, "employees", "out_of_range"), (13, "migrant_employees", "out_of_range"),
    }
    assert reasons(tmp_path / "w.duckdb", "warnings") == {(12, "members", "members_exceed_employees")}
    assert counts(tmp_path / "w.duckdb", "units/20260905_units.csv") == (12, 2, 0, 10)


def member(**kw) -> list:
    base = dict(id=id_number("19900101", "123"), name="张三", gender="男", category="职工", unit=U1, village="",
                joined="2020-01-01", left="", card="K1", phone="13800001111")
    base.update(kw)
    return list(base.values())


def test_member_rules(tmp_path, load_all):
    raw = landing(tmp_path)
    rows = [
        MEMBER_HEADER,
        member(),                                                           # 2 valid
        member(id="140431199001011230"),                                    # 3 bad_id_number (check char)
        member(id="140431199013011239"),                                    # 4 bad_id_number (no such birth date)
        member(id=id_number("19900102"), unit="", village=""),              # 5 no_affiliation
        member(id=id_number("19900103"), left="2019-12-31"),                # 6 left_before_joined
        member(id=id_number("19900104"), unit="", village="140431100299"),  # 7 unknown_village
        member(id=id_number("19900105"), gender="女", phone="12345"),       # 8 kept, two warnings
        member(id=id_number("19900106").lower().replace("x", "x"), unit="", village=VILLAGE_B1),  # 9 valid
    ]
    write_csv(raw / "members" / "20260905_members.csv", rows, encoding="gb18030")
    load_all(raw, tmp_path / "w.duckdb")
    assert reasons(tmp_path / "w.duckdb") == {
        (3, "id_number", "bad_id_number"), (4, "id_number", "bad_id_number"), (5, "unit_uscc", "no_affiliation"),
        (6, "left", "left_before_joined"), (7, "village_code", "unknown_village"),
    }
    assert reasons(tmp_path / "w.duckdb", "warnings") == {(8, "gender", "gender_mismatch"), (8, "phone", "bad_phone")}


def case(**kw) -> list:
    base = dict(no="TJ-1", received="2026-08-01", org=TOWN_A, employer=U1, type="劳动报酬", workers="2",
                claimed="1,000.00", outcome="调解成功", closed="2026-08-10", agreed="800", applicant="")
    base.update(kw)
    return list(base.values())


def test_mediation_rules(tmp_path, load_all):
    raw = landing(tmp_path)
    rows = [
        MEDIATION_HEADER,
        case(),                                                            # 2 valid
        case(no="TJ-2", outcome="在办", closed="2026-08-10", agreed=""),   # 3 closed_when_pending
        case(no="TJ-3", outcome="调解不成", closed="", agreed=""),         # 4 closed_missing
        case(no="TJ-4", closed="2026-07-30"),                             # 5 closed_before_received
        case(no="TJ-5", outcome="撤回"),                                   # 6 agreed_without_success
        case(no="TJ-6", workers="0", org=SYSTEM),                          # 7 out_of_range
        case(no="TJ-7", claimed="一千"),                                   # 8 bad_amount
        case(no="TJ-8", employer=uscc("91140431MA0000099")),               # 9 kept, unknown employer (warn)
        case(no="TJ-9", applicant="140431199001011230"),                   # 10 bad_id_number
    ]
    write_csv(raw / "mediation" / "20260905_调解台账.csv", rows)
    load_all(raw, tmp_path / "w.duckdb")
    assert reasons(tmp_path / "w.duckdb") == {
        (3, "closed", "closed_when_pending"), (4, "closed", "closed_missing"),
        (5, "closed", "closed_before_received"), (6, "amount_agreed", "agreed_without_success"),
        (7, "workers", "out_of_range"), (8, "amount_claimed", "bad_amount"), (10, "applicant_id", "bad_id_number"),
    }
    # No units file loaded: every employer is unknown, which warns and keeps the rows.
    assert (9, "employer_uscc", "unknown_employer") in reasons(tmp_path / "w.duckdb", "warnings")


def ticket(**kw) -> list:
    base = dict(no="G-1", channel="12351热线", received="2026-08-01 09:00", org=TOWN_B, employer="", topic="工伤",
                responded="2026-08-01 10:00", closed="2026-08-03 10:00", resolved="是", satisfaction="满意",
                complainant="", phone="")
    base.update(kw)
    return list(base.values())


def test_grievance_rules(tmp_path, load_all):
    raw = landing(tmp_path)
    rows = [
        GRIEVANCE_HEADER,
        ticket(),                                                          # 2 valid
        ticket(no="G-2", responded="2026-08-01 08:59"),                    # 3 responded_before_received
        ticket(no="G-3", closed="2026-07-31 10:00"),                       # 4 closed_before_received
        ticket(no="G-4", resolved=""),                                     # 5 resolved_missing
        ticket(no="G-5", received="2026-08-01"),                           # 6 bad_datetime (a bare date)
        ticket(no="G-6", received="2026-09-06 09:00", responded="", closed="", resolved=""),  # 7 future_date
        ticket(no="G-7", channel="微信", org=""),                          # 8 bad_enum + missing_value
    ]
    write_csv(raw / "grievances" / "20260905_诉求.csv", rows, encoding="utf-8-sig")
    load_all(raw, tmp_path / "w.duckdb")
    assert reasons(tmp_path / "w.duckdb") == {
        (3, "responded_at", "responded_before_received"), (4, "closed_at", "closed_before_received"),
        (5, "resolved", "resolved_missing"), (6, "received_at", "bad_datetime"), (7, "received_at", "future_date"),
        (8, "channel", "bad_enum"), (8, "org_code", "missing_value"),
    }


def test_quarantine_keeps_the_value_as_written_and_a_chinese_message(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_units.csv", [UNIT_HEADER, unit(employees="=1+2")])
    load_all(raw, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    row = con.execute("SELECT file_name, row_number, record_key, column_header, raw_value, reason_code, message_zh "
                      "FROM audit.quarantine").fetchall()
    assert row == [("20260905_units.csv", 2, U1, "职工人数", "=1+2", "bad_integer", "应为整数")]

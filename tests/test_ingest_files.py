"""Whole files: encodings, title rows, header spellings, and every whole-file rejection."""

from __future__ import annotations

import duckdb

from raw_files import (MEMBER_HEADER, TOWN_A, UNIT_HEADER, id_number, landing, uscc, write_csv,
                       write_xlsx)

UNIT = [uscc("91140431MA0000001"), "城关机械厂", TOWN_A, "企业", "", "30", "5", "是", "2020-01-01", "20",
        "2026-08-31", "存续"]


def statuses(path) -> dict[str, tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("SELECT rel_path, status, reason_code, reason_detail, rows_read, rows_loaded "
                           "FROM audit.files").fetchall()
    finally:
        con.close()
    return {r[0]: r[1:] for r in rows}


def test_utf8_bom_and_gb18030_csv_load_alike(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_a.csv", [UNIT_HEADER, UNIT], encoding="utf-8-sig")
    second = UNIT.copy()
    second[0], second[1] = uscc("91140431MA0000002"), "和合纺织厂"
    write_csv(raw / "units" / "20260905_b.csv", [UNIT_HEADER, second], encoding="gb18030")
    load_all(raw, tmp_path / "w.duckdb")
    got = statuses(tmp_path / "w.duckdb")
    assert got["units/20260905_a.csv"][:1] == ("loaded",) and got["units/20260905_a.csv"][4] == 1
    assert got["units/20260905_b.csv"][:1] == ("loaded",) and got["units/20260905_b.csv"][4] == 1
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    names = sorted(r[0] for r in con.execute("SELECT name FROM core.units").fetchall())
    assert names == ["和合纺织厂", "城关机械厂"]


def test_title_rows_spaced_and_fullwidth_headers_and_english_names(tmp_path, load_all):
    raw = landing(tmp_path)
    header = ["　统一社会信用代码 ", " 单位名称", "所属乡镇(系统)", "unit_type", "village_code", "EMPLOYEES",
              "农民工人数", "是否建会", "建会日期", "会员人数", "报告日期", "单位状态", "备注"]
    write_csv(raw / "units" / "20260905_title.csv", [header, UNIT + ["已核实"]], title="基层单位建会情况表")
    load_all(raw, tmp_path / "w.duckdb")
    assert statuses(tmp_path / "w.duckdb")["units/20260905_title.csv"][0] == "loaded"
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    # The header stood on line 3: the data row is line 4, and the unknown column is kept in raw.
    assert con.execute("SELECT row_number, extra FROM raw.units").fetchall() == [(4, '{"备注":"已核实"}')]


def test_xlsx_with_title_and_blank_row_reports_sheet_rows(tmp_path, load_all):
    raw = landing(tmp_path)
    bad = UNIT.copy()
    bad[0] = "91140431MA00000010"  # wrong check character
    write_xlsx(raw / "units" / "20260905_u.xlsx", [UNIT_HEADER, UNIT, bad], title="基层单位建会情况表")
    load_all(raw, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    # Title on row 1, blank row 2, header row 3: the bad row is sheet row 5.
    assert con.execute("SELECT row_number, reason_code, column_header FROM audit.quarantine").fetchall() == [
        (5, "bad_uscc", "统一社会信用代码")]


def test_missing_required_column_rejects_whole_file_and_names_it(tmp_path, load_all):
    raw = landing(tmp_path)
    header = [h for h in MEMBER_HEADER if h != "入会日期"]
    row = [id_number("19900101"), "张三", "男", "职工", uscc("91140431MA0000001"), "", "", "K1", "13800000000"]
    write_csv(raw / "members" / "20260905_members.csv", [header, row])
    load_all(raw, tmp_path / "w.duckdb")
    status, code, detail, read, loaded = statuses(tmp_path / "w.duckdb")["members/20260905_members.csv"]
    assert (status, code, read, loaded) == ("rejected", "missing_column", 0, 0)
    assert "入会日期" in detail and "joined" in detail
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM raw.members").fetchall() == [(0,)]


def test_bad_name_encoding_unreadable_and_empty_files_are_turned_away(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "单位_20260905.csv", [UNIT_HEADER, UNIT])
    write_csv(raw / "units" / "20261399_bad_date.csv", [UNIT_HEADER, UNIT])
    (raw / "units" / "20260905_latin1.csv").write_bytes("统一社会信用代码\n".encode("utf-8")[:5] + b"\xff\xfe\xfa")
    (raw / "units" / "20260905_fake.xlsx").write_bytes(b"not a workbook")
    write_csv(raw / "units" / "20260905_empty.csv", [UNIT_HEADER])
    (raw / "units" / "20260905_old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    load_all(raw, tmp_path / "w.duckdb")
    got = {k: v[:2] for k, v in statuses(tmp_path / "w.duckdb").items() if k.startswith("units/")}
    assert got == {
        "units/单位_20260905.csv": ("rejected", "bad_file_name"),
        "units/20261399_bad_date.csv": ("rejected", "bad_file_name"),
        "units/20260905_latin1.csv": ("rejected", "bad_encoding"),
        "units/20260905_fake.xlsx": ("rejected", "unreadable"),
        "units/20260905_empty.csv": ("rejected", "empty"),
        "units/20260905_old.xls": ("rejected", "bad_file_name"),
    }


def test_same_bytes_under_another_name_is_a_duplicate_file(tmp_path, load_all):
    raw = landing(tmp_path)
    first = write_csv(raw / "units" / "20260905_a.csv", [UNIT_HEADER, UNIT])
    (raw / "units" / "20260906_again.csv").write_bytes(first.read_bytes())
    load_all(raw, tmp_path / "w.duckdb")
    got = statuses(tmp_path / "w.duckdb")
    assert got["units/20260906_again.csv"][0] == "duplicate"
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM staging.units").fetchall() == [(1,)]


def test_symlinks_are_not_followed_but_turned_away_visibly(tmp_path, load_all):
    raw = landing(tmp_path)
    outside = write_csv(tmp_path / "elsewhere" / "20260905_u.csv", [UNIT_HEADER, UNIT])
    (raw / "units" / "20260905_link.csv").symlink_to(outside)
    load_all(raw, tmp_path / "w.duckdb")
    assert statuses(tmp_path / "w.duckdb")["units/20260905_link.csv"][:2] == ("rejected", "unreadable")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM raw.units").fetchall() == [(0,)]


def test_a_regions_file_that_breaks_its_rules_is_rejected_whole(tmp_path, load_all):
    raw = landing(tmp_path)
    write_xlsx(raw / "regions" / "20260201_组织机构.xlsx", [
        ["代码", "名称", "层级", "上级代码"],
        ["140431", "示例县", "县", ""],
        ["140432", "另一县", "县", ""],
        ["140431100", "城关镇", "乡镇", "140431"],
        ["140431100201", "东村", "村", "140431"],
    ])
    load_all(raw, tmp_path / "w.duckdb")
    status, code, detail, *_ = statuses(tmp_path / "w.duckdb")["regions/20260201_组织机构.xlsx"]
    assert (status, code) == ("rejected", "bad_regions")
    assert "县" in detail and "村的上级应为乡镇" in detail
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    # The earlier, valid regions batch still stands.
    assert con.execute("SELECT count(*) FROM core.regions").fetchall() == [(6,)]

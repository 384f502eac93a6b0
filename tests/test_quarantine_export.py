"""`unionpipe quarantine`: the correction workbook, each file's rejected rows in its own layout, formulas kept as text."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import zipfile

import duckdb
import fastexcel
import xlsxwriter

from pipelines.ingest.fix_workbook import EXTRA_HEADERS
from raw_files import UNIT_HEADER, landing, uscc, write_csv, write_xlsx
from test_ingest_rows import U2, unit

UNIONPIPE = [sys.executable, "-m", "pipelines.cli"]


# One quarantined value per character a spreadsheet starts a formula (or a DDE payload) with, each in a column
# whose rule it breaks, so that it reaches the export: rows 4-8, bad credit codes.
PREFIXED = [f"{start}9114043100000{i}" for i, start in enumerate(["+", "-", "@", "\t", "\r"])]


def loaded_with_formula(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_units.csv", [UNIT_HEADER, unit(employees="=1+2"),
                                                     unit(uscc="bad", employees="@x"),
                                                     *[unit(uscc=value) for value in PREFIXED]])
    load_all(raw, tmp_path / "w.duckdb")
    return tmp_path / "w.duckdb"


def export(path, out, *extra) -> subprocess.CompletedProcess:
    env = {**os.environ, "DAGSTER_HOME": str(out.parent)}
    return subprocess.run([*UNIONPIPE, "quarantine", "--warehouse", str(path), "--out", str(out), *extra],
                          capture_output=True, text=True, env=env, timeout=120)


def sheet_rows(path, sheet=0) -> list[tuple]:
    return fastexcel.read_excel(path).load_sheet(sheet, header_row=None, dtypes="string").to_polars().rows()


def test_xlsx_export_has_chinese_headers_and_never_a_formula(tmp_path, load_all):
    path = loaded_with_formula(tmp_path, load_all)
    out = tmp_path / "fix.xlsx"
    done = export(path, out)
    assert done.returncode == 0 and "Exported 7 quarantined row(s) of 1 file(s)" in done.stdout
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    rows = sheet_rows(out)
    assert list(rows[0]) == UNIT_HEADER + EXTRA_HEADERS
    body = {r[-3]: r for r in rows[1:]}
    employees = UNIT_HEADER.index("职工人数")
    assert body["2"][employees] == "=1+2" and body["2"][-2] == "bad_integer"
    assert body["3"][0] == "bad" and body["3"][employees] == "@x" and "bad_uscc" in body["3"][-2]
    # Every cell is a string holding the value exactly as written, whatever it starts with.
    assert [body[str(row)][0] for row in range(4, 9)] == PREFIXED


def test_csv_export_of_one_file_defuses_formulas(tmp_path, load_all):
    path = loaded_with_formula(tmp_path, load_all)
    out = tmp_path / "fix.csv"
    assert export(path, out, "--file", "units/20260905_units.csv").returncode == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
    values = {v for r in rows[1:] for v in r}
    assert "'=1+2" in values and "=1+2" not in values
    assert "'@x" in values and "@x" not in values
    for value in PREFIXED:
        assert "'" + value in values and value not in values, repr(value)
    assert export(path, tmp_path / "none.csv", "--file", "other.csv").returncode == 0
    assert len(list(csv.reader((tmp_path / "none.csv").open(encoding="utf-8-sig")))) == 1


# --- the officer's own layout (issue 13, item 2) ---

# The officer's own header: columns in another order, an extra column of theirs in the middle.
OWN_HEADER = ["单位名称", "统一社会信用代码", "备注", *UNIT_HEADER[2:]]


def own(row: list, note: str) -> list:
    return [row[1], row[0], note, *row[2:]]


def officer_county(tmp_path, load_all):
    """Regions, a units workbook in the officer's layout (title rows above) with two bad rows, a rejected file."""
    raw = landing(tmp_path)
    write_xlsx(raw / "units" / "20260905_城关镇.xlsx", [
        OWN_HEADER,
        own(unit(), "正常"),                                   # sheet row 4: valid
        own(unit(uscc="91140431MA00000010", name="红星机械厂"), "代码抄错"),  # 5: bad_uscc
        own(unit(uscc=U2, has_union="否", members="3"), "=SUM(A1)"),  # 6: members_without_union
    ])
    write_csv(raw / "units" / "20260906_units.csv", [UNIT_HEADER[1:], unit()[1:]])  # no credit-code column
    load_all(raw, tmp_path / "w.duckdb")
    return raw, tmp_path / "w.duckdb"


def test_workbook_gives_rows_back_as_sent(tmp_path, load_all):
    _, path = officer_county(tmp_path, load_all)
    out = tmp_path / "fix.xlsx"
    done = export(path, out)
    assert done.returncode == 0, done.stderr
    rows = sheet_rows(out)
    assert list(rows[0]) == OWN_HEADER + EXTRA_HEADERS
    by_row = {r[len(OWN_HEADER) + 1]: r for r in rows[1:]}
    assert set(by_row) == {"5", "6"}
    # The unit's name comes back beside the bad credit code, and the officer's own note with it.
    assert by_row["5"][:3] == ("红星机械厂", "91140431MA00000010", "代码抄错")
    assert by_row["5"][len(OWN_HEADER):] == ("units/20260905_城关镇.xlsx", "5", "bad_uscc",
                                             "统一社会信用代码无效（字符或校验位有误）")
    assert by_row["6"][2] == "=SUM(A1)" and by_row["6"][-2] == "members_without_union"
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    assert "<f>" not in sheet and "FFC7CE" in styles.upper()
    # The offending cells (B2: the credit code; members, column K, of the next row) carry the fill, others not.
    style = dict(re.findall(r'<c r="([A-Z]+\d+)" s="(\d+)"', sheet))
    assert style["B2"] == style["K3"] and style.get("A2") != style["B2"] and style.get("C3") != style["B2"]
    summary = sheet_rows(out, "汇总 summary")
    lines = {r[0]: r for r in summary[1:]}
    assert lines["units/20260905_城关镇.xlsx"][2:6] == ("loaded", "3", "1", "2")
    rejected = lines["units/20260906_units.csv"]
    assert rejected[2] == "rejected" and rejected[6] == "missing_column" and "统一社会信用代码" in rejected[8]


def test_csv_form_has_the_same_columns_with_a_bom(tmp_path, load_all):
    _, path = officer_county(tmp_path, load_all)
    out = tmp_path / "fix.csv"
    assert export(path, out, "--file", "20260905_城关镇.xlsx").returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0] == OWN_HEADER + EXTRA_HEADERS and [r[len(OWN_HEADER) + 1] for r in rows[1:]] == ["5", "6"]
    assert rows[2][2] == "'=SUM(A1)"  # formula-looking text defused in CSV


def test_corrected_export_loads_cleanly_in_place_of_the_quarantined_rows(tmp_path, load_all):
    raw, path = officer_county(tmp_path, load_all)
    out = tmp_path / "fix.xlsx"
    assert export(path, out, "--file", "units/20260905_城关镇.xlsx").returncode == 0
    rows = [list(r) for r in sheet_rows(out)]  # the file's rows on the first sheet
    for r in rows[1:]:  # the officer fixes the marked cells, nothing else
        if r[len(OWN_HEADER) + 1] == "5":
            r[1] = uscc("91140431MA0000003")
        else:
            r[OWN_HEADER.index("会员人数")] = "0"
    corrected = raw / "units" / "20261001_城关镇_更正.xlsx"
    workbook = xlsxwriter.Workbook(str(corrected))
    sheet = workbook.add_worksheet()
    for i, r in enumerate(rows):
        for j, value in enumerate(r):
            if value is not None:
                sheet.write_string(i, j, value)
    workbook.close()
    load_all(raw, path, run_id="second")
    con = duckdb.connect(str(path), read_only=True)
    try:
        got = con.execute("SELECT status, rows_read, rows_loaded, rows_quarantined FROM audit.files "
                          "WHERE file_name = ?", [corrected.name]).fetchall()
        assert got == [("loaded", 2, 2, 0)]
        units = set(con.execute("SELECT uscc, name, members FROM staging.units WHERE file_name = ?",
                                [corrected.name]).fetchall())
        assert units == {(uscc("91140431MA0000003"), "红星机械厂", 20), (U2, "机械厂", 0)}
    finally:
        con.close()
    again = export(path, tmp_path / "after.csv", "--file", corrected.name)
    assert "Exported 0" in again.stdout



def test_csv_of_several_files_puts_the_summary_first_and_each_file_beside_it(tmp_path, load_all):
    raw, path = officer_county(tmp_path, load_all)
    write_csv(raw / "units" / "20260907_units.csv", [UNIT_HEADER, unit(uscc="bad")])
    load_all(raw, path, run_id="second")
    out = tmp_path / "out" / "fix.csv"
    done = export(path, out)
    assert done.returncode == 0 and "Exported 3 quarantined row(s) of 2 file(s)" in done.stdout
    summary = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert [r[0] for r in summary[1:]] == ["regions/20260101_组织机构.xlsx", "units/20260905_城关镇.xlsx",
                                           "units/20260906_units.csv", "units/20260907_units.csv"]
    beside = sorted(p.name for p in out.parent.iterdir() if p != out)
    assert beside == ["fix__units__20260905_城关镇.csv", "fix__units__20260907_units.csv"]
    second = list(csv.reader((out.parent / beside[1]).open(encoding="utf-8-sig")))
    assert second[0] == UNIT_HEADER + EXTRA_HEADERS and second[1][0] == "bad" and second[1][-2] == "bad_uscc"


def test_a_file_loaded_before_headers_were_kept_comes_back_under_the_standard_headers(tmp_path, load_all):
    _, path = officer_county(tmp_path, load_all)
    con = duckdb.connect(str(path))
    con.execute("UPDATE audit.files SET headers = NULL")
    con.close()
    out = tmp_path / "fix.xlsx"
    assert export(path, out).returncode == 0
    rows = sheet_rows(out)
    assert list(rows[0]) == UNIT_HEADER + ["备注"] + EXTRA_HEADERS  # the standard's order, their own column after
    assert rows[1][:2] == ("91140431MA00000010", "红星机械厂") and rows[1][len(UNIT_HEADER)] == "代码抄错"

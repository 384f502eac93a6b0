"""`unionpipe quarantine`: what the officer fixes from, in XLSX or CSV, formulas kept as text."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile

import fastexcel

from raw_files import UNIT_HEADER, landing, write_csv
from test_ingest_rows import unit

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


def test_xlsx_export_has_chinese_headers_and_never_a_formula(tmp_path, load_all):
    path = loaded_with_formula(tmp_path, load_all)
    out = tmp_path / "fix.xlsx"
    done = export(path, out)
    assert done.returncode == 0 and "Exported 8" in done.stdout
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    rows = fastexcel.read_excel(out).load_sheet(0, header_row=None, dtypes="string").to_polars().rows()
    assert rows[0][:3] == ("来源 source", "文件 file", "行号 row")
    body = {(r[2], r[4]): (r[5], r[6], r[7]) for r in rows[1:]}
    assert body[("2", "employees")] == ("职工人数", "=1+2", "bad_integer")
    assert body[("3", "uscc")] == ("统一社会信用代码", "bad", "bad_uscc")
    assert body[("3", "employees")] == ("职工人数", "@x", "bad_integer")
    # Every cell is a string holding the value exactly as written, whatever it starts with.
    assert [body[(str(row), "uscc")] for row in range(4, 9)] == [("统一社会信用代码", v, "bad_uscc") for v in PREFIXED]


def test_csv_export_of_one_file_defuses_formulas(tmp_path, load_all):
    path = loaded_with_formula(tmp_path, load_all)
    out = tmp_path / "fix.csv"
    assert export(path, out, "--file", "units/20260905_units.csv").returncode == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
    values = {r[6] for r in rows[1:]}
    assert "'=1+2" in values and "=1+2" not in values
    assert "'@x" in values and "@x" not in values
    for value in PREFIXED:
        assert "'" + value in values and value not in values, repr(value)
    assert export(path, tmp_path / "none.csv", "--file", "other.csv").returncode == 0
    assert len(list(csv.reader((tmp_path / "none.csv").open(encoding="utf-8-sig")))) == 1

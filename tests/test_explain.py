"""`unionpipe explain` on the example county: the records it lists give back every published figure."""

from __future__ import annotations

import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import duckdb
import fastexcel
import pytest

from pipelines.explain.figure import listing, prepare
from pipelines.explain.roles import ROLES
from pipelines.explain.rows import COLUMNS
from pipelines.indicators.catalog import BY_CODE, CATALOG
from pipelines.indicators.compute import compute_indicators
from pipelines.indicators.rounding import format_value
from pipelines.warehouse import connect
from tests.example_county import example_dir

UNIONPIPE = [sys.executable, "-m", "pipelines.cli"]
COUNTY, TOWNSHIP = "140431", "140431104"
PERIODS = ("2026-09", "2026-10")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """The example's raw files loaded by the real command, both months' indicators computed."""
    work = tmp_path_factory.mktemp("explain")
    shutil.copytree(example_dir() / "raw", work / "raw")
    (work / "dagster").mkdir()
    # The key is set here: this module fixture is made before conftest's per-test key is (the demonstration key
    # loads only the bundled sample).
    env = {**os.environ, "DAGSTER_HOME": str(work / "dagster"), "UNIONPIPE_SECRETS_FILE": str(work / "none.env"),
           "UNIONPIPE_PII_KEY": "tests-own-key-not-the-demonstration-one"}
    done = subprocess.run([*UNIONPIPE, "load", "--raw", str(work / "raw"), "--warehouse", str(work / "wh.duckdb")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode in (0, 1), done.stderr[-2000:]  # the example turns whole files away: 1
    con = connect(work / "wh.duckdb")
    for period in PERIODS:
        compute_indicators(con, period, 25)
    con.close()
    return work / "wh.duckdb"


def run(warehouse: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DAGSTER_HOME": str(warehouse.parent / "dagster"), **extra_env}
    return subprocess.run([*UNIONPIPE, "explain", *args, "--warehouse", str(warehouse)],
                          capture_output=True, text=True, env=env, timeout=300)


def published(warehouse: Path, period: str, area: str, code: str) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    cur = con.execute("SELECT * FROM marts.indicators WHERE period = ? AND ref_area = ? AND indicator = ?",
                      [period, area, code])
    row = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    con.close()
    return row


def side(code: str, role: str, rows: list[dict]) -> float:
    """A numerator or denominator from its rows: the sum of amounts for a sum, else the count."""
    [spec] = [r for r in ROLES[code] if r.role == role]
    mine = [r for r in rows if r["role"] == role]
    return sum(r["amount"] or 0 for r in mine) if spec.amount else len(mine)


def balance_value(code: str, rows: list[dict]) -> tuple[float | None, int]:
    """A balance figure recomputed from the per-area rates listed (exact laggards from num/den)."""
    rates = [r for r in rows if r["role"] == "rate"]
    [county] = [r for r in rows if r["role"] == "county_rate"]
    frac = {r["key"]: Fraction(*map(int, r["detail"].split(";")[0].split("/"))) for r in rows}
    xs = [r["value"] for r in rates]
    for r in rates:  # each rate listed is its own num/den
        assert r["value"] == pytest.approx(float(frac[r["key"]]), rel=1e-12)
    n = len(xs)
    if n == 0:
        return None, 0
    mean = statistics.fmean(xs)
    stat = code.rsplit("_", 1)[1]
    c_den = int(county["detail"].split(";")[0].split("/")[1])
    value = {
        "MIN": lambda: min(xs),
        "MAX": lambda: max(xs),
        "CV": lambda: statistics.pstdev(xs) / mean if mean else None,
        "GINI": lambda: sum(abs(a - b) for a in xs for b in xs) / (2 * n * n * mean) if mean else None,
        "LAGGARDS": lambda: sum(1 for r in rates if c_den and frac[r["key"]] < frac[county["key"]] - Fraction(1, 10)),
    }[stat]()
    return value, n


def reproduce(code: str, rows: list[dict]) -> tuple[float | None, dict]:
    """The figure's value from its listed rows, and the numerator/denominator/base found on the way."""
    ind = BY_CODE[code]
    if ind.kind == "balance":
        value, n = balance_value(code, rows)
        return value, {"base": n}
    if ind.kind == "median":
        values = [r["value"] for r in rows if r["role"] == "value"]
        return (statistics.median(values) if values else None), {"base": len(values)}
    num = side(code, "numerator", rows)
    if ind.kind == "total":
        return num, {"numerator": num}
    den = side(code, "denominator", rows)
    base = sum(1 for r in rows if r["role"] == "numerator") if code == "MED_RECOVERY_RATE" else den
    scale = 1000 if ind.unit_measure == "PER_1000" else 1
    return (num * scale / den if den > 0 else None), {"numerator": num, "denominator": den, "base": base}


@pytest.mark.parametrize("period", PERIODS)
def test_every_indicator_is_given_back_by_its_listed_records(warehouse, period):
    con = duckdb.connect(str(warehouse), read_only=True)
    prepare(con, "BAL_ESTAB_MIN", period, 25)  # the records views, and coverage for the balance rates
    checked = 0
    for area in (COUNTY, TOWNSHIP):
        for ind in CATALOG:
            if ind.county_only and area != COUNTY:
                continue
            want = published(warehouse, period, area, ind.code)
            rel = listing(con, ind.code, area)
            rows = [dict(zip(COLUMNS, r)) for r in rel.fetchall()]
            value, parts = reproduce(ind.code, rows)
            assert format_value(value, ind.unit_measure) == format_value(want["value"], ind.unit_measure), \
                (ind.code, area, value, want["value"])
            for name, got in parts.items():
                assert got == pytest.approx(want[name] if want[name] is not None else 0, abs=1e-6), (ind.code, area, name)
            if ind.kind != "balance":  # every record names the file row it came from
                assert all(r["file_name"] and r["batch_date"] and r["row_number"] for r in rows), ind.code
            checked += 1
    con.close()
    assert checked == 40 + 30


def test_prints_definition_value_parts_and_status(warehouse):
    done = run(warehouse, "COV_ESTABLISHMENT_RATE", "--area", COUNTY, "--period", "2026-10")
    assert done.returncode == 0, done.stderr[-2000:]
    want = published(warehouse, "2026-10", COUNTY, "COV_ESTABLISHMENT_RATE")
    out = done.stdout
    assert "建会率" in out and "established units / required units" in out
    assert f"Published value: {format_value(want['value'], 'RATIO')} RATIO" in out
    assert f"分子 Numerator: {int(want['numerator'])}" in out
    assert f"分母 Denominator: {int(want['denominator'])}    基数 Base: {want['base']}" in out
    assert f"A：基数 {want['base']}，不低于 5" in out
    assert "⚠" not in out


def test_warns_when_the_records_no_longer_give_the_figure(warehouse):
    # a different threshold than the figure was computed with: the listed units differ from it
    done = run(warehouse, "COV_UNITS_REQUIRED", "--area", COUNTY, "--period", "2026-10",
               UNIONPIPE_EMPLOYEE_THRESHOLD="1000")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "⚠ 记录与公布值不一致" in done.stdout


def test_low_base_status_is_explained(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    code, base = con.execute("SELECT indicator, base FROM marts.indicators WHERE period = '2026-10' AND ref_area = ? "
                             "AND obs_status = 'U' ORDER BY indicator LIMIT 1", [TOWNSHIP]).fetchone()
    con.close()
    done = run(warehouse, code, "--area", TOWNSHIP, "--period", "2026-10")
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"U：基数 {base}，低于 5" in done.stdout and f"base {base}, below 5" in done.stdout


def test_out_csv_lists_each_record_with_its_file_row(warehouse, tmp_path):
    out = tmp_path / "cases.csv"
    done = run(warehouse, "MED_SUCCESS_RATE", "--area", COUNTY, "--period", "2026-10", "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert tuple(rows[0]) == COLUMNS
    want = published(warehouse, "2026-10", COUNTY, "MED_SUCCESS_RATE")
    assert sum(r["role"] == "numerator" for r in rows) == want["numerator"]
    assert sum(r["role"] == "denominator" for r in rows) == want["denominator"]
    # The file row named is the row the case was read from: open a CSV source at that line.
    raw = warehouse.parent / "raw"
    seen = 0
    for r in rows:
        if r["file_name"].endswith(".csv"):
            [source] = list(raw.rglob(r["file_name"]))
            data = source.read_bytes()
            text = data.decode("utf-8-sig") if _utf8(data) else data.decode("gb18030")
            assert r["key"] in text.splitlines()[int(r["row_number"]) - 1], (r["file_name"], r["row_number"])
            seen += 1
    assert seen > 0


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_out_xlsx_lists_members_masked_only(warehouse, tmp_path):
    out = tmp_path / "members.xlsx"
    done = run(warehouse, "COV_REALNAME_RATE", "--area", TOWNSHIP, "--period", "2026-10", "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    frame = fastexcel.read_excel(out).load_sheet(0, dtypes="string").to_polars()
    assert tuple(frame.columns) == COLUMNS
    want = published(warehouse, "2026-10", TOWNSHIP, "COV_REALNAME_RATE")
    members = frame.filter(frame["role"] == "numerator")
    assert members.height == want["numerator"]
    assert all(re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", m) for m in members["id_masked"])
    assert members["area_reason"].str.contains("期末状态的所属组织|上级乡镇").all()
    units = frame.filter(frame["role"] == "denominator")
    assert sum(float(a) for a in units["amount"]) == want["denominator"]
    # no full ID number (18 characters of digits) anywhere in the listing
    assert not any(re.search(r"\d{17}[\dX]", str(v)) for col in frame.columns if col != "key" for v in frame[col])


@pytest.mark.parametrize("code, area", [("COV_ESTABLISHMENT_RATE", "140431101"), ("COV_REGISTERED_MEMBERS", COUNTY),
                                        ("MED_CLOSED", COUNTY), ("INT_DISPUTES_PER_1000_UNION", COUNTY)])
def test_compare_accounts_for_the_change(warehouse, tmp_path, code, area):
    out = tmp_path / "f.csv"
    done = run(warehouse, code, "--area", area, "--period", "2026-10", "--compare", "2026-09", "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    changes = list(csv.DictReader((tmp_path / "f.changes.csv").open(encoding="utf-8-sig")))
    before, after = (published(warehouse, p, area, code) for p in PERIODS)
    for role in ("numerator", "denominator"):
        spec = [r for r in ROLES[code] if r.role == role]
        if not spec or spec[0].amount:
            continue
        moved = sum(1 if c["change"] == "entered" else -1 for c in changes if c["role"] == role)
        assert moved == (after[role] or 0) - (before[role] or 0), role
    assert changes and all(c["reason"] for c in changes)
    assert "比较 Compare" in done.stdout


def test_compare_names_closed_units(warehouse, tmp_path):
    done = run(warehouse, "COV_UNITS_REQUIRED", "--area", COUNTY, "--period", "2026-10", "--compare", "2026-09")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "在营 active true→false" in done.stdout


def test_bad_code_and_county_only_figure_for_a_township_are_refused(warehouse):
    done = run(warehouse, "COV_NOPE", "--area", COUNTY, "--period", "2026-10")
    assert done.returncode == 1 and "unknown_indicator" in done.stderr
    done = run(warehouse, "BAL_ESTAB_GINI", "--area", TOWNSHIP, "--period", "2026-10")
    assert done.returncode == 1 and "not_published" in done.stderr

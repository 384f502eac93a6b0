"""Quarters and years (issue 14 item 4): same definitions with P the quarter or year and E its last day; stocks at E,
flows in P; `publish --quarter/--year` in SDMX with FREQ Q/A; `report --quarter/--year`. On the example county."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from example_county import example_dir
from pipelines.indicators.compute import compute_indicators
from pipelines.indicators.period import (BadPeriod, frequency, history_params, last_month, months_of, period_bounds,
                                         quarter_key, shifted)
from pipelines.paths import PROJECT_ROOT
from pipelines.publish.sdmx import Observation, render_csv
from test_report import FIGURE  # the page's figure markup, read one way

QUARTER, MONTHS = "2026-Q3", ("2026-07", "2026-08", "2026-09")
# The example's files are dated 2026-09-05, -10-05 and -11-05: the third quarter is complete; "today" is set.
TODAY = "2026-11-20"
STOCKS = ("COV_UNITS_REQUIRED", "COV_UNITS_ESTABLISHED", "COV_ESTABLISHMENT_RATE", "COV_EMPLOYEES", "COV_MEMBERS",
          "COV_MEMBERSHIP_RATE", "COV_MIGRANT_EMPLOYEES", "COV_MIGRANT_MEMBERS", "COV_REGISTERED_MEMBERS",
          "COV_REALNAME_RATE", "COV_VILLAGE_UNION_RATE", "BAL_ESTAB_MIN", "BAL_ESTAB_MAX", "BAL_ESTAB_CV",
          "BAL_ESTAB_GINI", "BAL_ESTAB_LAGGARDS", "BAL_MEMB_MIN", "BAL_MEMB_MAX", "BAL_MEMB_CV", "BAL_MEMB_GINI",
          "BAL_MEMB_LAGGARDS", "MED_PENDING_END", "MED_OVERDUE_PENDING")
ADDITIVE_FLOWS = ("MED_RECEIVED", "MED_CLOSED", "MED_SUCCESS", "MED_WORKERS", "MED_AMOUNT_AGREED", "GRV_RECEIVED",
                  "GRV_CLOSED")


def unionpipe(env: dict, *args: str, ok=(0,)) -> subprocess.CompletedProcess:
    """The real command in its own process."""
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", *args], env=env, capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=600)
    assert done.returncode in ok, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> dict:
    """The example county loaded by `unionpipe load` into a warehouse of its own."""
    root = tmp_path_factory.mktemp("quarters")
    shutil.copytree(example_dir() / "raw", root / "raw")
    env = {**os.environ, "DAGSTER_HOME": str(root / "dagster"), "UNIONPIPE_RAW_DIR": str(root / "raw"),
           "UNIONPIPE_WAREHOUSE": str(root / "wh" / "unionpipe.duckdb"), "UNIONPIPE_TODAY": TODAY,
           "UNIONPIPE_SECRETS_FILE": str(root / "none.env"), "UNIONPIPE_PII_KEY": "tests-own-key-for-quarters",
           "GX_ANALYTICS_ENABLED": "false"}
    for var in ("UNIONPIPE_PUBLISHED_DIR", "UNIONPIPE_REPORTS_DIR", "UNIONPIPE_DATA_DOCS_DIR"):
        env.pop(var, None)
    (root / "dagster").mkdir()
    unionpipe(env, "load", ok=(0, 1))  # 1: the example holds files turned away on purpose
    return {"root": root, "env": env, "warehouse": root / "wh" / "unionpipe.duckdb"}


def marts(path: Path, period: str) -> dict[tuple[str, str], tuple[float | None, str]]:
    """(area, indicator) -> (value, status) of one period in marts.indicators."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("SELECT ref_area, indicator, value, obs_status FROM marts.indicators WHERE period = ?",
                           [period]).fetchall()
    finally:
        con.close()
    return {(a, i): (v, s) for a, i, v, s in rows}


def test_periods_of_every_kind():
    assert [frequency(p) for p in ("2026-10", "2026-Q3", "2026")] == ["M", "Q", "A"]
    assert period_bounds("2026-Q3") == period_bounds("2026-07")[:1] + period_bounds("2026-09")[1:]
    assert str(period_bounds("2026")[1]) == "2026-12-31" and last_month("2026-Q1") == "2026-03"
    assert months_of("2026-Q4") == ["2026-10", "2026-11", "2026-12"] and len(months_of("2025")) == 12
    assert shifted("2026-Q1", -1) == "2025-Q4" and shifted("2026-01", -12) == "2025-01" and shifted("2026", -1) == "2025"
    assert quarter_key("2026q3") == QUARTER
    for bad in ("2026-Q5", "2026-Q0", "26-Q3", "2026-3"):
        with pytest.raises(BadPeriod, match="bad_period"):
            frequency(bad) if bad != "2026-3" else quarter_key(bad)


def test_outlier_history_compares_like_with_like():
    # A month's history never takes in quarter or year rows (their keys sort among the months), nor the reverse.
    con = duckdb.connect()
    for period, own, others in (("2026-10", "2026-09", ("2026-Q3", "2026")), ("2026-Q3", "2026-Q2", ("2026-06", "2025")),
                                ("2026", "2025", ("2025-12", "2025-Q4"))):
        pattern = history_params(period)["period_pattern"]
        assert con.execute("SELECT regexp_full_match(?, ?)", [own, pattern]).fetchone()[0]
        assert not any(con.execute("SELECT regexp_full_match(?, ?)", [o, pattern]).fetchone()[0] for o in others)


def test_sdmx_freq_follows_the_period():
    obs = [Observation("140431", "MED_RECEIVED", "3", "COUNT", "A")]
    for period, freq in (("2026-10", "M"), (QUARTER, "Q"), ("2026", "A")):
        row = render_csv(obs, period).decode().splitlines()[1].split(",")
        assert (row[3], row[5]) == (freq, period)


def test_quarter_takes_stocks_at_its_end_and_sums_its_flows(county):
    con = duckdb.connect(str(county["warehouse"]))
    try:
        for p in (*MONTHS, QUARTER):
            assert compute_indicators(con, p, 25) == 250
    finally:
        con.close()
    quarter, months = marts(county["warehouse"], QUARTER), [marts(county["warehouse"], m) for m in MONTHS]
    areas = {a for a, _ in quarter}
    assert len(areas) > 1
    for area in areas:
        for code in STOCKS:
            if (area, code) not in quarter:  # the balance set is the county's alone
                assert (area, code) not in months[-1]
                continue
            (q_value, q_status), (m_value, m_status) = quarter[(area, code)], months[-1][(area, code)]
            # equal up to the order DuckDB sums floats in (the Gini's last digit may differ between two runs)
            assert q_status == m_status, (area, code)
            assert q_value == m_value or q_value == pytest.approx(m_value, rel=1e-12, abs=1e-12), (area, code)
        for code in ADDITIVE_FLOWS:
            total = sum(m[(area, code)][0] or 0 for m in months)
            assert quarter[(area, code)][0] == pytest.approx(total), (area, code)
    county_code = next(a for a in areas if (a, "BAL_ESTAB_GINI") in quarter)
    # The quarter really spans more than its last month (the example has cases received in July and August).
    assert quarter[(county_code, "MED_RECEIVED")][0] > months[-1][(county_code, "MED_RECEIVED")][0]
    success, closed = quarter[(county_code, "MED_SUCCESS")][0], quarter[(county_code, "MED_CLOSED")][0]
    assert quarter[(county_code, "MED_SUCCESS_RATE")][0] == pytest.approx(success / closed)


def test_publish_quarter_writes_sdmx_with_freq_q(county, tmp_path):
    done = unionpipe(county["env"], "publish", "--quarter", QUARTER, "--out", str(tmp_path))
    assert QUARTER in done.stdout
    folder = tmp_path / "140431" / QUARTER / "v1"
    rows = list(csv.DictReader(io.StringIO((folder / "indicators.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 250
    assert {(r["FREQ"], r["TIME_PERIOD"]) for r in rows} == {("Q", QUARTER)}
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == QUARTER and manifest["observations"] == 250
    figures = marts(county["warehouse"], QUARTER)
    for r in rows:
        value, status = figures[(r["REF_AREA"], r["INDICATOR"])]
        assert r["OBS_STATUS"] == status
        if status != "M":
            assert float(r["OBS_VALUE"]) == pytest.approx(value, abs=0.006), r
    assert (folder.parent / "report.html").is_file()  # the quarter's report beside its package
    con = duckdb.connect(str(county["warehouse"]), read_only=True)
    try:
        gate = con.execute("SELECT count(*), count(*) FILTER (WHERE severity = 'blocking' AND NOT passed) "
                           "FROM audit.check_results WHERE period = ?", [QUARTER]).fetchone()
    finally:
        con.close()
    assert gate[0] > 0 and gate[1] == 0  # the gate judged the quarter's own rows (grid, ranges, statuses)


def test_year_whose_last_month_is_incomplete_is_refused(county, tmp_path):
    # By 2027-01-15 the year has ended, but no file dated after 2026-12-31 has been loaded.
    env = {**county["env"], "UNIONPIPE_TODAY": "2027-01-15"}
    done = unionpipe(env, "publish", "--year", "2026", "--out", str(tmp_path), ok=(3,))
    assert "PERIOD_INCOMPLETE" in done.stderr and "2026-12-31" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "140431" / "2026").exists()
    early = unionpipe(county["env"], "publish", "--year", "2026", "--out", str(tmp_path), ok=(3,))
    assert "bad_period" in early.stderr  # on 2026-11-20 the year has not ended
    pushed = unionpipe(county["env"], "publish", "--quarter", QUARTER, "--push", ok=(3,))
    assert "PUSH_MONTHS_ONLY" in pushed.stderr


def test_report_quarter_writes_a_page(county, tmp_path):
    out = tmp_path / "q3.html"
    done = unionpipe(county["env"], "report", "--quarter", QUARTER, "--out", str(out))
    assert QUARTER in done.stdout
    page = out.read_text(encoding="utf-8")
    assert "工会工作季报 2026年第三季度" in page and 'data-status="complete"' in page
    assert "截至2026年第三季度末" in page and "本季度受理劳动争议调解案件" in page
    shown = [m for m in FIGURE.findall(page) if m[2] == QUARTER]
    assert len(shown) > 10
    figures = marts(county["warehouse"], QUARTER)
    county_code = next(a for a, i in figures if i == "BAL_ESTAB_GINI")
    for indicator, area, _, value, status in shown:
        expected = figures[(area or county_code, indicator)]
        assert status == expected[1]
        if value:
            assert float(value) == pytest.approx(expected[0]), (indicator, area)

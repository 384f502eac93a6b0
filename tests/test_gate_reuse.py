"""The gate re-measures only what changed: a check whose inputs (SQL, values it names, loaded files,
version) are unchanged carries its latest result forward, failures included; the rest are measured."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from raw_files import (GRIEVANCE_HEADER, MEDIATION_HEADER, MEMBER_HEADER, REGIONS, TOWN_B, UNIT_HEADER, VILLAGE_B1,
                       id_number, landing, write_csv, write_xlsx)
from test_ingest_rows import U2, case, member, ticket, unit

from pipelines.ingest.load import load_source
from pipelines.model.build import build_core
from pipelines.publish.refusal import PublishRefused, refuse_while_failing
from pipelines.settings import PROJECT_ROOT, Settings
from pipelines.validate.asset_checks import gate_resources, table_checks
from pipelines.validate.catalog import TABLE_SUITES, suite_checks
from pipelines.validate.expectations import context
from pipelines.validate.gate import open_blocking_failures
from pipelines.validate.inputs import UNKNOWN, tables_read
from pipelines.validate.run import run_all_checks, run_table_checks
from pipelines.warehouse import connect

TODAY = dt.date(2026, 9, 10)  # five days after the batches: every check passes (fresh for 5 days)
FIRST = "night-1"  # the run that measured everything in the template
_template: dict[str, Path] = {}  # load_all is per test: the first test builds the template, the rest copy it


@pytest.fixture
def county(load_all, tmp_path_factory, tmp_path) -> Path:
    """A copy of a loaded county (landing zone + warehouse) whose every check was measured by run FIRST."""
    if "root" not in _template:
        root = tmp_path_factory.mktemp("gate_reuse")
        raw = landing(root)
        write_csv(raw / "units" / "20260905_units.csv", [UNIT_HEADER, unit(), unit(uscc=U2, org=TOWN_B, members="5")])
        write_csv(raw / "members" / "20260905_members.csv",
                  [MEMBER_HEADER, member(), member(id=id_number("19900106"), unit="", village=VILLAGE_B1)])
        write_csv(raw / "mediation" / "20260905_调解.csv", [MEDIATION_HEADER, case()])
        write_csv(raw / "grievances" / "20260905_诉求.csv", [GRIEVANCE_HEADER, ticket()])
        load_all(raw, root / "warehouse" / "unionpipe.duckdb", run_id="load-1")
        con = connect(root / "warehouse" / "unionpipe.duckdb")
        first = run_all_checks(con, settings_at(root), run_id=FIRST, today=TODAY)
        con.close()
        assert [r.check_name for r in first if not r.passed] == []
        _template["root"] = root
    shutil.copytree(_template["root"], tmp_path / "county")
    return tmp_path / "county"


def settings_at(root: Path) -> Settings:
    # Data Docs on (off by default): the tests follow which run measured a result by its page.
    return Settings.from_env(warehouse_path=str(root / "warehouse" / "unionpipe.duckdb"), freshness_days=5,
                             data_docs_dir=str(root / "warehouse" / "data_docs"))


def by_name(results) -> dict:
    return {r.check_name: r for r in results}


def measured(results) -> set[str]:
    """The checks this run measured (DuckDB and Great Expectations) rather than carried forward."""
    return {r.check_name for r in results if r.reused_from is None}


def first_results(con) -> dict:
    rows = con.execute("SELECT check_name, docs_path, inputs_sha256 FROM audit.check_results WHERE run_id = ?",
                       [FIRST]).fetchall()
    return {name: (docs, sha) for name, docs, sha in rows}


def test_nothing_changed_nothing_measured_and_great_expectations_never_called(county):
    settings = settings_at(county)
    con = connect(settings.warehouse_path)
    validations = len(context().validation_results_store.list_keys())
    results = run_all_checks(con, settings, reuse=True, today=TODAY)
    assert len(results) == sum(len(suite_checks(s)) for s in ("regions", "units", "members", "mediation",
                                                               "grievances"))
    assert measured(results) == set() and {r.reused_from for r in results} == {FIRST}
    assert all(r.passed for r in results)
    first = first_results(con)
    assert {r.check_name: (r.docs_path, r.inputs_sha256) for r in results} == first  # the measuring run's pages
    assert len(context().validation_results_store.list_keys()) == validations  # GE validated nothing
    stored = con.execute("SELECT count(*), count(DISTINCT reused_from) FROM audit.check_results "
                         "WHERE run_id = ?", [results[0].run_id]).fetchone()
    assert stored == (len(results), 1)  # the audit history shows this run's gate covered every check
    con.close()
    # A second reusing run, in a process of its own: Great Expectations is not even imported.
    code = ("import sys, datetime as dt\n"
            "from pipelines.settings import Settings\n"
            "from pipelines.validate.run import run_all_checks\n"
            "from pipelines.warehouse import writing\n"
            f"s = Settings.from_env(warehouse_path={settings.warehouse_path!r}, freshness_days=5)\n"
            "with writing(s.warehouse_path) as con:\n"
            f"    rs = run_all_checks(con, s, reuse=True, today=dt.date({TODAY.year}, {TODAY.month}, {TODAY.day}))\n"
            "print(sum(r.reused_from is None for r in rs), sorted({r.reused_from for r in rs}),"
            " 'great_expectations' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[0] == f"0 ['{FIRST}'] False", out.stderr


def test_a_new_members_file_remeasures_what_reads_members_and_reuses_the_rest(county, load_all):
    settings = settings_at(county)
    # Six registered members at U2, which reports five: the re-measured warning must see them.
    write_csv(county / "raw" / "members" / "20260910_members.csv",
              [MEMBER_HEADER, *[member(id=id_number(f"1980010{i}"), unit=U2) for i in range(1, 7)]])
    load_all(county / "raw", Path(settings.warehouse_path), run_id="load-2")
    con = connect(settings.warehouse_path)
    results = run_all_checks(con, settings, reuse=True, today=TODAY)
    # The other sources' freshness and volume checks read only their own rows of the registry: reused. The
    # dropped-regions check counts members pointing at dropped codes, so it reads core.members: measured.
    assert measured(results) == {c.check_name for c in suite_checks("members")} | {"core_units__dropped_regions"}
    reused = by_name(results)
    for name in ("core_regions__parent_resolves", "core_units__key_unique", "core_units__org_resolves",
                 "core_mediation__employer_known", "core_grievances__key_unique"):
        assert reused[name].reused_from == FIRST and reused[name].docs_path == first_results(con)[name][0]
    within = reused["core_members__within_reported"]
    assert not within.passed and within.detail == f"{U2} reports 5, registered 6"
    assert Path(within.docs_path).is_file() and within.docs_path != first_results(con)[within.check_name][0]
    con.close()


def test_rows_awaiting_the_core_build_are_measured_again_once_built(county):
    settings = settings_at(county)
    write_csv(county / "raw" / "members" / "20260910_members.csv",
              [MEMBER_HEADER, *[member(id=id_number(f"1980010{i}"), unit=U2) for i in range(1, 7)]])
    con = connect(settings.warehouse_path)
    load_source(con, county / "raw", "members", b"test-key", "load-2")  # loaded, but core not yet rebuilt
    before = by_name(run_table_checks(con, "core.members", settings, reuse=True, today=TODAY))
    assert before["core_members__within_reported"].passed  # core.members does not show the new rows yet
    build_core(con, "members")
    after = run_table_checks(con, "core.members", settings, reuse=True, today=TODAY)
    # Everything reading core.members is measured again (no stale result reused); freshness reads only the registry.
    assert measured(after) == {c.check_name for c in suite_checks("members")} - {"core_members__fresh"}
    assert not by_name(after)["core_members__within_reported"].passed
    con.close()


def test_checks_naming_today_are_measured_again_the_next_day(county):
    settings = settings_at(county)
    con = connect(settings.warehouse_path)
    results = run_table_checks(con, "core.members", settings, reuse=True, today=TODAY + dt.timedelta(days=1))
    assert measured(results) == {"core_members__fresh", "core_members__within_reported"}
    assert {r.reused_from for r in results if r.reused_from} == {FIRST}
    stale = by_name(results)["core_members__fresh"]  # a day later, the five-day freshness window has passed
    assert not stale.passed and "6 days before 2026-09-11" in stale.detail
    con.close()


def test_a_figure_judged_before_is_not_judged_again(county):
    """Checks naming today are measured again on another date; when their figures come out the same, the
    verdicts Great Expectations gave those figures stand, and GE validates nothing."""
    settings = settings_at(county)
    con = connect(settings.warehouse_path)
    validations = len(context().validation_results_store.list_keys())
    results = by_name(run_table_checks(con, "core.members", settings, reuse=True, today=TODAY - dt.timedelta(days=1)))
    today_named = {"core_members__fresh", "core_members__within_reported"}
    assert measured(results.values()) == today_named  # measured again by DuckDB: the date is one of their inputs
    first = first_results(con)
    assert results["core_members__fresh"].observed == "1"  # the batch is still within the five days
    for name in today_named:
        assert results[name].passed
        assert results[name].docs_path == first[name][0]  # the page of the run whose GE judged that figure
        assert results[name].inputs_sha256 != first[name][1]
    assert len(context().validation_results_store.list_keys()) == validations  # GE validated nothing
    con.close()


def test_a_blocking_failure_stays_failing_when_reused(county, load_all):
    settings = settings_at(county)
    # The next regions batch drops a township that a unit still belongs to.
    kept = [row for row in REGIONS if TOWN_B not in (row[0], row[3]) and VILLAGE_B1 != row[0]]
    write_xlsx(county / "raw" / "regions" / "20260909_组织机构.xlsx", kept, title="组织机构表")
    load_all(county / "raw", Path(settings.warehouse_path), run_id="load-2")
    con = connect(settings.warehouse_path)
    found = by_name(run_table_checks(con, "core.units", settings, reuse=True, today=TODAY, run_id="night-2"))
    assert not found["core_units__org_resolves"].passed and found["core_units__org_resolves"].reused_from is None
    again = by_name(run_table_checks(con, "core.units", settings, reuse=True, today=TODAY, run_id="night-3"))
    carried = again["core_units__org_resolves"]
    assert (carried.passed, carried.reused_from, carried.observed) == (False, "night-2", "1")
    assert carried.detail == found["core_units__org_resolves"].detail == f"{TOWN_B} ×1"
    assert measured(again.values()) == set()
    assert "core_units__org_resolves" in [f["check_name"] for f in open_blocking_failures(con, "2026-08")]
    with pytest.raises(PublishRefused) as refused:
        refuse_while_failing(con, "2026-08")
    assert refused.value.code == "BLOCKING_CHECKS_FAILED"
    con.close()


def test_dagster_table_checks_reuse_and_say_from_which_run(county):
    settings = settings_at(county)

    @dg.asset(key=["core", "units"])
    def units() -> None:
        """Stands for a night's core.units build that found no new units file."""

    gate = [table_checks(("core.units",))]
    result = dg.materialize([units, *gate], resources=gate_resources(settings), instance=dg.DagsterInstance.ephemeral())
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert len(evaluations) == len(suite_checks("units"))
    # Freshness names $today, which in a Dagster run is the real date, not TODAY: it alone is measured.
    assert "reused from run" not in evaluations.pop("fresh").metadata
    assert {e.metadata["reused from run"].value for e in evaluations.values()} == {FIRST}
    assert all(e.passed for e in evaluations.values())


def test_without_reuse_every_check_is_measured_on_the_same_inputs(county):
    settings = settings_at(county)
    con = connect(settings.warehouse_path)
    results = run_all_checks(con, settings, today=TODAY)
    first = first_results(con)
    assert measured(results) == set(first)
    assert {r.check_name: r.inputs_sha256 for r in results} == {n: sha for n, (_, sha) in first.items()}
    assert all(r.docs_path != first[r.check_name][0] for r in results)
    con.close()


def test_the_period_suite_is_always_measured(county):
    settings = settings_at(county)
    con = connect(settings.warehouse_path)
    for run_id in ("publish-1", "publish-2"):
        results = run_all_checks(con, settings, "2026-08", run_id=run_id, reuse=True, today=TODAY)
        period = {r.check_name for r in results if r.period}
        assert period and measured(results) == period
    con.close()


def test_only_checks_reading_followed_tables_can_be_reused():
    units = {c.name: c for c in suite_checks("units")}
    sql, _ = units["org_resolves"].query({})
    assert tables_read(sql) == {"core.units", "core.regions"}
    volume = next(c for c in suite_checks("members") if c.name == "volume")
    sql, _ = volume.query({}, "staging.members")  # members counted under their unit's org or village's township
    assert tables_read(sql) == {"audit.files", "core.units", "core.regions", "staging.members"}
    grid, _ = next(c for c in suite_checks("marts.indicators") if c.name == "grid").query({})
    assert {"marts.indicators", UNKNOWN} <= tables_read(grid)  # a registered frame is not followed


def test_checks_of_one_source_read_only_its_rows_of_the_registry():
    # What lets a night that brings members files reuse the other sources' freshness and volume checks.
    for suite in TABLE_SUITES:
        for check in (c for c in suite_checks(suite.split(".")[1]) if c.source):
            sql = re.sub(r"--[^\n]*", "", check.query({}, f"core.{check.source}")[0])
            reads = re.findall(r"FROM audit\.files\b(.*?)(?:\)|$)", sql, re.DOTALL)
            assert reads and all(re.search(r"\bsource = \$source\b", r) for r in reads), check.check_name


def test_an_older_warehouse_gains_the_reuse_columns(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute("CREATE SCHEMA audit")
    old.execute("CREATE TABLE audit.check_results (check_name VARCHAR NOT NULL, table_name VARCHAR NOT NULL, "
                "severity VARCHAR NOT NULL, passed BOOLEAN NOT NULL, expectation VARCHAR, expected VARCHAR, "
                "observed VARCHAR, detail VARCHAR, period VARCHAR, run_id VARCHAR, "
                "checked_at TIMESTAMP DEFAULT current_timestamp)")
    old.execute("INSERT INTO audit.check_results (check_name, table_name, severity, passed, run_id) "
                "VALUES ('core_units__key_unique', 'core.units', 'blocking', false, 'old-run')")
    old.close()
    con = connect(path)
    assert con.execute("SELECT check_name, passed, inputs_sha256, reused_from, docs_path "
                       "FROM audit.check_results").fetchall() == [("core_units__key_unique", False, None, None, None)]
    con.close()


def delta_of(result) -> int:
    """How many new files a result was measured over (0: the whole table)."""
    return json.loads(result.delta_state)["new_files"] if result.delta_state else 0


def members_night(county: Path, load_all, name: str, births: list[str], run_id: str):
    """Land a members file of new people (by birth date), load it, and open the warehouse."""
    settings = settings_at(county)
    write_csv(county / "raw" / "members" / name, [MEMBER_HEADER, *[member(id=id_number(b), unit=U2) for b in births]])
    load_all(county / "raw", Path(settings.warehouse_path), run_id=run_id)
    return connect(settings.warehouse_path), settings


def members_key(con, settings, reuse: bool = True):
    return by_name(run_all_checks(con, settings, reuse=reuse, today=TODAY))["core_members__key_unique"]


def test_a_clean_key_check_is_measured_over_the_new_files_keys_only(county, load_all):
    con, settings = members_night(county, load_all, "20260910_members.csv", ["19800101", "19800102"], "load-2")
    key = members_key(con, settings)
    assert key.passed and key.reused_from is None and delta_of(key) == 1
    con.close()
    # A core build that left a new key current twice (a bug the check exists for) is caught by the delta.
    con, settings = members_night(county, load_all, "20260911_members.csv", ["19800201"], "load-3")
    con.execute("INSERT INTO staging.members SELECT * FROM staging.members WHERE file_name = '20260911_members.csv'")
    key = members_key(con, settings)
    assert not key.passed and key.observed == "1" and delta_of(key) == 1
    assert key.detail == "20260911_members.csv:2 & 20260911_members.csv:2"
    con.close()
    # Once it has failed, the next run measures the whole table again (a delta needs a clean start).
    con, settings = members_night(county, load_all, "20260912_members.csv", ["19800202"], "load-4")
    key = members_key(con, settings)
    assert not key.passed and key.observed == "1" and delta_of(key) == 0
    con.close()


def test_an_officer_check_measures_the_whole_table(county, load_all):
    con, settings = members_night(county, load_all, "20260910_members.csv", ["19800101"], "load-2")
    key = members_key(con, settings, reuse=False)
    assert key.passed and delta_of(key) == 0
    con.close()

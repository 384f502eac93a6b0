"""The validation gate: clean data passes; each broken rule blocks publishing with a message naming
the expectation, the table and the failing figure; warnings warn without blocking."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import dagster as dg
import pytest
from validate_data import COUNTY, SYS, T1, T2, V1, V2, build_clean, clean_period, fid

from pipelines.settings import Settings
from pipelines.validate.asset_checks import gate_resources
from pipelines.validate.gate import failure_message, open_blocking_failures
from pipelines.validate.run import run_all_checks, run_period_checks, run_table_checks
from pipelines.warehouse import connect, writing

TODAY = dt.date.today()
PERIOD = clean_period(TODAY)


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """The clean warehouse, built once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("template") / "unionpipe.duckdb"
    build_clean(path, TODAY)
    return path


@pytest.fixture
def warehouse(template, tmp_path) -> tuple[Settings, object]:
    """A fresh copy of the clean warehouse and an open connection to it."""
    path = tmp_path / "warehouse" / "unionpipe.duckdb"
    path.parent.mkdir()
    shutil.copy(template, path)
    con = connect(path)
    # Data Docs are off by default (they load from CDNs); this test turns them on to see their pages written.
    yield Settings.from_env(warehouse_path=str(path), data_docs_dir=str(path.parent / "data_docs")), con
    con.close()


def test_clean_warehouse_passes_every_check_and_keeps_history(warehouse):
    settings, con = warehouse
    results = run_all_checks(con, settings, PERIOD)
    failed = [(r.check_name, r.observed, r.detail) for r in results if not r.passed]
    assert failed == []
    assert {r.table_name for r in results} >= {"core.regions", "core.units", "core.members", "core.mediation",
                                               "core.grievances", "marts.indicators", "audit.files"}
    assert {r.severity for r in results} == {"blocking", "warning"}
    assert open_blocking_failures(con, PERIOD) == []
    run_all_checks(con, settings, PERIOD)
    stored = con.execute("SELECT count(*), count(DISTINCT run_id) FROM audit.check_results").fetchone()
    assert stored == (2 * len(results), 2)
    page = Path(results[0].docs_path)
    assert page.is_file() and settings.docs_dir in page.parents
    assert (settings.docs_dir / "index.html").is_file()


# (table or "period", SQL that breaks one rule, the check that must block, the failing figure)
BREAKS = [
    ("core.regions", f"INSERT INTO core.regions SELECT * FROM core.regions WHERE code = '{T1}'",
     "core_regions__code_unique", "1"),
    ("core.regions", f"INSERT INTO core.regions SELECT '140432', '邻县', 'county', NULL, {'NULL, ' * 3}NULL",
     "core_regions__one_county", "2"),
    ("core.regions", f"UPDATE core.regions SET parent_code = '{SYS}' WHERE level = 'village' AND parent_code = '{T2}'",
     "core_regions__parent_resolves", "1"),
    ("core.units", "INSERT INTO core.units SELECT * FROM core.units WHERE uscc = 'U1' AND batch_seq = 2",
     "core_units__key_unique", "1"),
    ("core.units", "UPDATE core.units SET org_code = '999' WHERE uscc = 'U2'", "core_units__org_resolves", "2"),
    ("core.units", f"UPDATE core.units SET village_code = '{T1}' WHERE uscc = 'U4'", "core_units__village_resolves", "2"),
    ("core.units", "UPDATE core.units SET employees = NULL WHERE uscc = 'U2' AND batch_seq = 2",
     "core_units__employees_range", "1"),
    ("core.units", "UPDATE core.units SET migrant_employees = 41 WHERE uscc = 'U1' AND batch_seq = 2",
     "core_units__migrant_range", "1"),
    ("core.units", "UPDATE core.units SET members = 3 WHERE uscc = 'U2' AND batch_seq = 2",
     "core_units__members_range", "1"),
    ("core.members", "INSERT INTO core.members SELECT * FROM core.members WHERE member_key = 'k000'",
     "core_members__key_unique", "1"),
    ("core.members", "UPDATE core.members SET village_code = '140431999999' WHERE member_key = 'k002'",
     "core_members__village_resolves", "1"),
    ("core.members", "UPDATE core.members SET unit_uscc = NULL, village_code = NULL WHERE member_key = 'k000'",
     "core_members__affiliation", "1"),
    ("core.members", "UPDATE core.members SET \"left\" = DATE '2020-01-01' WHERE member_key = 'k001'",
     "core_members__left_after_joined", "1"),
    ("core.mediation", "INSERT INTO core.mediation SELECT * FROM core.mediation WHERE case_no = 'M1'",
     "core_mediation__key_unique", "1"),
    ("core.mediation", f"UPDATE core.mediation SET org_code = '{V1}' WHERE case_no = 'M1'",
     "core_mediation__org_resolves", "1"),
    ("core.mediation", "UPDATE core.mediation SET workers = 0 WHERE case_no = 'M1'", "core_mediation__workers_range", "1"),
    ("core.mediation", "UPDATE core.mediation SET amount_claimed = -5 WHERE case_no = 'M2'",
     "core_mediation__amounts_range", "1"),
    ("core.mediation", "UPDATE core.mediation SET closed = received - 1 WHERE case_no = 'M1'",
     "core_mediation__closed_after_received", "1"),
    ("core.mediation", "UPDATE core.mediation SET closed = received + 1 WHERE case_no = 'M0'",
     "core_mediation__closed_matches_outcome", "1"),
    ("core.grievances", "INSERT INTO core.grievances SELECT * FROM core.grievances WHERE ticket_no = 'G0'",
     "core_grievances__key_unique", "1"),
    ("core.grievances", "UPDATE core.grievances SET org_code = NULL WHERE ticket_no = 'G1'",
     "core_grievances__org_resolves", "1"),
    ("core.grievances", "UPDATE core.grievances SET responded_at = received_at - INTERVAL 1 HOUR WHERE ticket_no = 'G2'",
     "core_grievances__times_after_received", "1"),
    ("core.grievances", "UPDATE core.grievances SET resolved = NULL WHERE ticket_no = 'G0'",
     "core_grievances__resolved_when_closed", "1"),
    ("period", f"DELETE FROM audit.files WHERE file_id = '{fid('grievances', 2)}'",
     "marts_indicators__period_complete", "1"),
    ("period", f"DELETE FROM marts.indicators WHERE ref_area = '{T2}' AND indicator = 'COV_MEMBERS'",
     "marts_indicators__grid", "1"),
    ("period", f"UPDATE marts.indicators SET value = 1.2 WHERE ref_area = '{COUNTY}' AND indicator = 'MED_SUCCESS_RATE'",
     "marts_indicators__value_range", "1"),
    ("period", f"UPDATE marts.indicators SET unit_measure = 'COUNT' WHERE ref_area = '{T1}' "
               "AND indicator = 'GRV_RESOLVED_RATE'", "marts_indicators__unit_measure", "1"),
    ("period", f"UPDATE marts.indicators SET value = NULL WHERE ref_area = '{SYS}' AND indicator = 'MED_RECEIVED'",
     "marts_indicators__status_consistent", "1"),
]


def run_suite(con, settings: Settings, table: str):
    """The suite a breakage belongs to: a table's, or the period's."""
    if table == "period":
        return run_period_checks(con, PERIOD, settings)
    return run_table_checks(con, table, settings)


@pytest.mark.parametrize(("table", "sql", "check_name", "figure"), BREAKS, ids=[b[2] for b in BREAKS])
def test_each_broken_rule_blocks_with_a_message_naming_it(warehouse, table, sql, check_name, figure):
    settings, con = warehouse
    con.execute(sql)
    results = run_suite(con, settings, table)
    assert [r.check_name for r in results if not r.passed and r.blocking] == [check_name]
    failures = open_blocking_failures(con, PERIOD)
    assert [f["check_name"] for f in failures] == [check_name]
    message = failure_message(failures[0])
    expected_table = "audit.files" if check_name.endswith("period_complete") else (
        "marts.indicators" if table == "period" else table)
    assert "expect_column_values_to_be_between" in message
    assert f" on {expected_table}" in message
    assert f"observed {figure}" in message
    assert failures[0]["detail"]  # the offending values are quoted


def test_examples_name_offending_values_but_never_personal_data(warehouse):
    settings, con = warehouse
    con.execute("UPDATE core.members SET \"left\" = DATE '2020-01-01'")  # all 20 members
    con.execute("UPDATE core.mediation SET workers = 0 WHERE case_no = 'M1'")
    members = {r.check_name: r for r in run_table_checks(con, "core.members", settings)}
    detail = members["core_members__left_after_joined"].detail
    assert members["core_members__left_after_joined"].observed == "20"
    assert detail.count(":") == 5 and "_members.csv:2" in detail  # five file:row locations
    assert "k0" not in detail and "张" not in detail and "1404" not in detail
    mediation = {r.check_name: r for r in run_table_checks(con, "core.mediation", settings)}
    assert mediation["core_mediation__workers_range"].detail == "M1 workers=0"


def test_a_missing_table_blocks_instead_of_passing(warehouse):
    settings, con = warehouse
    con.execute("DROP TABLE core.grievances")
    results = run_table_checks(con, "core.grievances", settings)
    blocking = [r for r in results if r.blocking]
    assert blocking and all(not r.passed and r.observed == "not evaluated" for r in blocking)
    assert "grievances" in blocking[0].detail
    assert len(open_blocking_failures(con)) == len(blocking)


def test_a_fixed_failure_no_longer_blocks(warehouse):
    settings, con = warehouse
    con.execute("UPDATE core.mediation SET workers = 0 WHERE case_no = 'M1'")
    run_table_checks(con, "core.mediation", settings)
    assert [f["check_name"] for f in open_blocking_failures(con)] == ["core_mediation__workers_range"]
    con.execute("UPDATE core.mediation SET workers = 2 WHERE case_no = 'M1'")
    run_table_checks(con, "core.mediation", settings)
    assert open_blocking_failures(con) == []


def small_orgs_judged(settings: Settings) -> Settings:
    """The settings with the volume floor judging even an org of one row (this warehouse's orgs are that small)."""
    return Settings.from_env(warehouse_path=settings.warehouse_path, volume_min_rows=1,
                             data_docs_dir=settings.data_docs_dir)


def warned(results) -> dict:
    """The failing checks, by name, of a run that must not have blocked."""
    assert all(r.passed for r in results if r.blocking)
    return {r.check_name: r for r in results if not r.passed}


def test_a_township_vanishing_from_the_latest_batch_warns_without_blocking(warehouse):
    settings, con = warehouse
    con.execute(f"DELETE FROM core.units WHERE org_code = '{T2}' AND batch_seq = 2")
    failing = warned(run_table_checks(con, "core.units", small_orgs_judged(settings)))
    assert list(failing) == ["core_units__volume"]
    assert failing["core_units__volume"].observed == "1" and failing["core_units__volume"].severity == "warning"
    assert failing["core_units__volume"].detail.startswith(f"{T2}: 0 rows")
    assert open_blocking_failures(con) == []


def test_volume_counts_every_batch_from_staging_when_it_exists(warehouse):
    settings, con = warehouse
    first, latest = (fid("mediation", 1), fid("mediation", 2))
    con.execute("CREATE TABLE staging.mediation AS SELECT * FROM core.mediation")
    # Earlier batch: four cases of the system; latest batch: one (a fall of 75% > 50%).
    con.execute(f"""INSERT INTO staging.mediation SELECT m.* REPLACE ('{first}' AS file_id,
                    (SELECT batch_date FROM audit.files WHERE file_id = '{first}') AS batch_date,
                    case_no || '-' || i AS case_no) FROM core.mediation m, range(4) t(i) WHERE org_code = '{SYS}'""")
    con.execute(f"""INSERT INTO staging.mediation SELECT * REPLACE ('{first}' AS file_id,
                    (SELECT batch_date FROM audit.files WHERE file_id = '{first}') AS batch_date)
                    FROM core.mediation WHERE org_code <> '{SYS}'""")
    assert con.execute(f"SELECT count(*) FROM staging.mediation WHERE file_id = '{latest}'").fetchone()[0] == 3
    failing = warned(run_table_checks(con, "core.mediation", small_orgs_judged(settings)))
    assert list(failing) == ["core_mediation__volume"]
    assert failing["core_mediation__volume"].detail.startswith(f"{SYS}: 1 rows") and "median 4.0" in failing[
        "core_mediation__volume"].detail


def test_freshness_warns_when_the_last_batch_is_older_than_the_setting(warehouse):
    settings, con = warehouse  # the latest batch of every source is three days old
    boundary = Settings.from_env(warehouse_path=settings.warehouse_path, freshness_days=3)
    assert warned(run_table_checks(con, "core.members", boundary)) == {}
    stale = Settings.from_env(warehouse_path=settings.warehouse_path, freshness_days=2)
    failing = warned(run_table_checks(con, "core.members", stale))
    assert list(failing) == ["core_members__fresh"]
    assert failing["core_members__fresh"].observed == "0"
    assert "3 days before" in failing["core_members__fresh"].detail
    assert "2 days" in failing["core_members__fresh"].expected
    assert open_blocking_failures(con) == []


def test_cross_source_disagreements_warn(warehouse):
    settings, con = warehouse
    con.execute("UPDATE core.units SET members = 2 WHERE uscc = 'U1'")  # five registered members work there
    con.execute("UPDATE core.mediation SET employer_uscc = 'UNKNOWN1' WHERE case_no IN ('M0', 'M2')")
    members = warned(run_table_checks(con, "core.members", settings))
    assert members["core_members__within_reported"].detail == "U1 reports 2, registered 5"
    mediation = warned(run_table_checks(con, "core.mediation", settings))
    assert mediation["core_mediation__employer_known"].observed == "2"
    assert mediation["core_mediation__employer_known"].detail == "UNKNOWN1 ×2"


def test_a_township_dropped_by_the_latest_regions_batch_blocks_naming_what_still_points_at_it(warehouse):
    settings, con = warehouse
    clean = {r.check_name: r for r in run_table_checks(con, "core.units", settings)}
    assert clean["core_units__dropped_regions"].passed  # core.regions alone: nothing is seen dropped
    # Every regions batch as the loader keeps them: the earlier one had 东镇 (T2) and its village, the latest not.
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.execute("CREATE TABLE staging.regions AS SELECT * REPLACE (? AS file_id, ? AS batch_date, ? AS file_name) "
                "FROM core.regions", [fid("regions", 1), dt.date(2026, 1, 1), "20260101_regions.csv"])
    con.execute("INSERT INTO staging.regions SELECT * FROM core.regions WHERE code NOT IN (?, ?)", [T2, V2])
    con.execute("DELETE FROM core.regions WHERE code IN (?, ?)", [T2, V2])
    results = {r.check_name: r for r in run_table_checks(con, "core.units", settings)}
    dropped = results["core_units__dropped_regions"]
    assert not dropped.passed and dropped.blocking and dropped.observed == "1"
    # U2 in both batches is one unit; members k002, k006, … live in its village; M1 and G1 are its.
    assert dropped.detail == (f"{T2} 东镇（最新组织机构表已删去 dropped township）: 单位 units 1, 会员 members 5, "
                              "调解案件 cases 1, 诉求工单 tickets 1")
    assert not results["core_units__org_resolves"].passed


def test_unknown_tables_and_bad_periods_are_refused(warehouse):
    settings, con = warehouse
    with pytest.raises(ValueError, match="run_period_checks"):
        run_table_checks(con, "marts.indicators", settings)
    with pytest.raises(ValueError, match="YYYY-MM"):
        run_period_checks(con, "2026-13", settings)


def units_gate() -> list:
    """The gate's checks on core.units, for a run that holds only that asset."""
    from pipelines.validate.asset_checks import table_checks

    return [table_checks(("core.units",))]


@pytest.mark.parametrize(("change", "blocked"), [
    ("INSERT INTO core.units SELECT * FROM core.units WHERE uscc = 'U1' AND batch_seq = 2", True),
    (f"DELETE FROM core.units WHERE org_code = '{T2}' AND batch_seq = 2", False),
], ids=["duplicate-blocks", "vanished-township-warns"])
def test_dagster_check_runs_beside_the_asset_and_blocks_downstream(warehouse, change, blocked):
    settings, con = warehouse
    settings = small_orgs_judged(settings)
    assert settings.data_docs_dir  # Data Docs are asked for here (off by default: they load from CDNs)
    con.close()  # the asset and its checks open the warehouse themselves

    @dg.asset(key=["core", "units"])
    def units(settings: Settings) -> None:
        with writing(settings.warehouse_path) as writer:
            writer.execute(change)

    @dg.asset(deps=[units])
    def published() -> None:
        """Stands for whatever reads core.units next."""

    result = dg.materialize([units, published, *units_gate()], resources=gate_resources(settings),
                            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert len(evaluations) == 9
    done = {tuple(m.asset_key.path) for m in result.get_asset_materialization_events()}
    failing = [e for e in evaluations.values() if not e.passed]
    assert len(failing) == 1
    if blocked:
        assert not result.success and done == {("core", "units")}
        assert failing[0].check_name == "key_unique" and failing[0].severity == dg.AssetCheckSeverity.ERROR
        assert failing[0].metadata["observed"].value == "1"
    else:
        assert result.success and done == {("core", "units"), ("published",)}
        assert failing[0].check_name == "volume" and failing[0].severity == dg.AssetCheckSeverity.WARN
    assert Path(failing[0].metadata["data docs"].value).is_file()


def test_check_command_shows_each_check_and_fails_while_one_blocks(warehouse):
    from typer.testing import CliRunner

    from pipelines.cli import app

    settings, con = warehouse
    con.close()
    runner, args = CliRunner(), ["check", "--warehouse", settings.warehouse_path, "--period", PERIOD]
    ok = runner.invoke(app, args)
    assert ok.exit_code == 0, ok.output
    assert "core_units__key_unique" in ok.output and "同一文件中每个单位" in ok.output
    assert "marts_indicators__period_complete" in ok.output
    with writing(settings.warehouse_path) as writer:
        writer.execute("UPDATE core.mediation SET workers = 0 WHERE case_no = 'M1'")
    blocked = runner.invoke(app, args)
    assert blocked.exit_code == 1
    line = next(x for x in blocked.output.splitlines() if "core_mediation__workers_range" in x)
    assert "FAILED" in line and "blocking" in line and line.endswith("= 0 → 1")
    assert "涉及人数须填写且至少为1" in blocked.output and "M1 workers=0" in blocked.output
    assert runner.invoke(app, ["check", "--warehouse", settings.warehouse_path, "--period", "2026-13"]).exit_code == 2


def test_indicator_checks_read_the_month_of_the_partition(warehouse):
    from pipelines.validate.asset_checks import build_asset_checks

    settings, con = warehouse
    con.close()
    months = dg.MonthlyPartitionsDefinition(start_date="2020-01-01")

    @dg.asset(key=["marts", "indicators"], partitions_def=months)
    def indicators() -> None:
        """Stands for the indicator build; the clean warehouse already holds PERIOD."""

    @dg.asset(deps=[indicators], partitions_def=months)
    def package() -> None:
        """Stands for publishing the month."""

    gate = [c for c in build_asset_checks(months) if {k.asset_key for k in c.check_keys} == {indicators.key}]
    for month, complete in ((PERIOD, True), ("2020-01", False)):
        result = dg.materialize([indicators, package, *gate], resources=gate_resources(settings),
                                partition_key=f"{month}-01", raise_on_error=False)
        evaluations = result.get_asset_check_evaluations()
        assert {e.metadata["period"].value for e in evaluations} == {month}
        failing = sorted(e.check_name for e in evaluations if not e.passed)
        assert failing == ([] if complete else ["grid"])
        assert result.success is complete

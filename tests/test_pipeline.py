"""The Dagster side: the real job materializes the layers, the sensor and schedule start it, runs are serialised."""

from __future__ import annotations

import os
import threading
import time

import dagster as dg
import duckdb
from dagster._core.definitions.asset_checks.asset_check_evaluation import AssetCheckEvaluationTargetMaterializationData

from pipelines.definitions import defs
from pipelines.ingest.assets import landed_anywhere
from pipelines.ingest.sensors import build_raw_files_sensor
from pipelines.jobs import NIGHTLY_LOAD, nightly_load_job
from pipelines.settings import Settings
from pipelines.warehouse import writing
from raw_files import UNIT_HEADER, landing, write_csv
from test_ingest_rows import unit


def settings_for(tmp_path, raw) -> Settings:
    return Settings.from_env(raw_dir=str(raw), warehouse_path=str(tmp_path / "wh.duckdb"))


def test_the_nightly_job_materializes_every_layer_with_officer_metadata(tmp_path):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit(), unit(uscc="91140431MA00000010")])
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def(NIGHTLY_LOAD).execute_in_process(
            instance=instance, resources={"settings": settings_for(tmp_path, raw)})
    assert result.success
    keys = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"staging/units", "core/units", "core/regions", "audit/load_runs"} <= keys
    units_meta = next(e.materialization.metadata for e in result.get_asset_materialization_events()
                      if e.asset_key.to_user_string() == "staging/units")
    assert (units_meta["rows_read"].value, units_meta["rows_loaded"].value,
            units_meta["rows_quarantined"].value) == (2, 1, 1)
    checks = {(c.asset_key.to_user_string(), c.check_name): c.passed for c in result.get_asset_check_evaluations()}
    assert checks[("staging/units", "every_row_accounted_for")] is True
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    assert con.execute("SELECT files_seen, files_loaded, rows_read, rows_quarantined FROM audit.load_runs"
                       ).fetchall() == [(2, 2, 8, 1)]


def test_the_accounting_check_fails_when_a_row_goes_missing(tmp_path):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit()])
    settings = settings_for(tmp_path, raw)
    with dg.DagsterInstance.ephemeral() as instance:
        defs.resolve_job_def(NIGHTLY_LOAD).execute_in_process(instance=instance, resources={"settings": settings})
        with writing(settings.warehouse_path) as con:
            con.execute("DELETE FROM staging.units")  # a row lost behind the registry's back
        check = defs.resolve_job_def(NIGHTLY_LOAD).execute_in_process(
            instance=instance, resources={"settings": settings}, raise_on_error=False)
    evaluations = {c.check_name: c.passed for c in check.get_asset_check_evaluations()
                   if c.asset_key.to_user_string() == "staging/units"}
    assert evaluations["every_row_accounted_for"] is False


def test_only_a_landing_zone_with_a_file_the_registry_has_not_seen_starts_great_expectations_early(tmp_path):
    raw = landing(tmp_path)
    settings = settings_for(tmp_path, raw)
    assert landed_anywhere(settings)  # no warehouse yet: the regions file is unseen
    f = write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit()])
    with dg.DagsterInstance.ephemeral() as instance:
        assert defs.resolve_job_def(NIGHTLY_LOAD).execute_in_process(
            instance=instance, resources={"settings": settings}).success
    assert not landed_anywhere(settings)  # a quiet night: every file listed is in the registry as it lies
    os.utime(f, (0, 0))  # the same bytes touched: not known at this mtime, so the night may have to judge
    assert landed_anywhere(settings)


def test_the_sensor_requests_a_run_only_when_the_landing_zone_changes(tmp_path):
    raw = landing(tmp_path)
    sensor = build_raw_files_sensor(nightly_load_job)
    settings = settings_for(tmp_path, raw)
    with dg.DagsterInstance.ephemeral() as instance:
        def evaluate(cursor):
            ctx = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"settings": settings})
            return sensor(ctx), ctx.cursor

        first, cursor = evaluate(None)
        assert isinstance(first, dg.RunRequest)
        assert isinstance(evaluate(cursor)[0], dg.SkipReason)
        # A file copied in with an old modification time still counts as new.
        f = write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit()])
        os.utime(f, (0, 0))
        again, _ = evaluate(cursor)
        assert isinstance(again, dg.RunRequest) and again.run_key != first.run_key


def test_the_schedule_runs_the_same_job_at_two_in_shanghai():
    schedule = defs.resolve_schedule_def("nightly_load_0200")
    assert (schedule.cron_schedule, schedule.execution_timezone, schedule.job_name) == (
        "0 2 * * *", "Asia/Shanghai", NIGHTLY_LOAD)
    sensor = defs.resolve_sensor_def("raw_files_sensor")
    assert sensor.job_name == NIGHTLY_LOAD


def test_a_second_writer_waits_its_turn_instead_of_failing(tmp_path):
    path = tmp_path / "wh.duckdb"
    order = []

    def hold():
        with writing(path) as con:
            order.append("first in")
            time.sleep(1.0)
            con.execute("CREATE TABLE IF NOT EXISTS audit.t (x INT)")
            order.append("first out")

    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.2)
    with writing(path) as con:
        order.append("second in")
        con.execute("INSERT INTO audit.t VALUES (1)")
    t.join()
    assert order == ["first in", "first out", "second in"]


def test_automated_runs_wait_while_a_blocking_check_fails(tmp_path):
    """After a night whose core.units failed a blocking check, automation does not recompute the month."""
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit()])
    settings = settings_for(tmp_path, raw)
    selection = dg.AssetSelection.assets(["marts", "indicators"])
    units = dg.AssetKey(["core", "units"])

    graph = defs.resolve_asset_graph()
    blocking = [k.name for k in graph.asset_check_keys if k.asset_key == units and graph.get_check_spec(k).blocking]
    assert "key_unique" in blocking

    def night(key_unique_passed: bool):
        """core.units updated and every blocking check judged, as a nightly run records them."""
        instance.report_runless_asset_event(dg.AssetMaterialization(units))
        latest = instance.fetch_materializations(units, limit=1).records[0]
        target = AssetCheckEvaluationTargetMaterializationData(
            storage_id=latest.storage_id, run_id=latest.run_id, timestamp=latest.timestamp)
        for name in blocking:
            instance.report_runless_asset_event(dg.AssetCheckEvaluation(
                asset_key=units, check_name=name, passed=key_unique_passed or name != "key_unique",
                blocking=True, target_materialization_data=target))

    with dg.DagsterInstance.ephemeral() as instance:
        start = dg.evaluate_automation_conditions(defs, instance, asset_selection=selection)
        defs.resolve_job_def(NIGHTLY_LOAD).execute_in_process(instance=instance, resources={"settings": settings})
        first = dg.evaluate_automation_conditions(defs, instance, asset_selection=selection, cursor=start.cursor)
        assert first.total_requested == 1  # the latest month, once: every blocking check passed
        night(key_unique_passed=False)
        blocked = dg.evaluate_automation_conditions(defs, instance, asset_selection=selection, cursor=first.cursor)
        assert blocked.total_requested == 0
        night(key_unique_passed=True)
        fixed = dg.evaluate_automation_conditions(defs, instance, asset_selection=selection, cursor=blocked.cursor)
        assert fixed.total_requested == 1

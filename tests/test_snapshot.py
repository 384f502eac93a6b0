"""Analysts read a snapshot: a reader process and a nightly load run side by side; neither waits, none sees half a load."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import dagster as dg
import duckdb

from pipelines.definitions import defs
from pipelines.jobs import NIGHTLY_LOAD
from pipelines.model.snapshot import snapshot_path
from pipelines.settings import Settings
from raw_files import UNIT_HEADER, landing, uscc, write_csv
from test_ingest_rows import unit

# A consistent state has as many staged units as the registry says were loaded. Two analysts: one keeps a
# session open across the swap ("held"), one reconnects for every query ("fresh"); separate processes,
# since DuckDB shares one database instance among a process's connections to the same path.
READER = textwrap.dedent("""
    import json, sys, time, duckdb
    path, mode, seconds, target = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    SQL = ("SELECT (SELECT count(*) FROM staging.units), "
           "(SELECT sum(rows_loaded) FROM audit.files WHERE source = 'units' AND status = 'loaded')")
    held = duckdb.connect(path, read_only=True) if mode == "held" else None
    end, after_target = time.time() + seconds, 0
    while time.time() < end and after_target < 5:   # stop a few reads after the new state shows
        con = held or duckdb.connect(path, read_only=True)
        row = con.execute(SQL).fetchall()[0]
        print(json.dumps(row), flush=True)
        after_target += row[0] == target
        if con is not held:
            con.close()
        time.sleep(0.05)
""")


def observed(proc: subprocess.Popen) -> list[tuple]:
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0
    return [tuple(json.loads(line)) for line in out.splitlines()]


def run_nightly(settings: Settings, instance) -> dg.ExecuteInProcessResult:
    return defs.resolve_job_def(NIGHTLY_LOAD).execute_in_process(instance=instance, resources={"settings": settings})


def test_a_reader_and_a_load_side_by_side(tmp_path):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit()])
    settings = Settings.from_env(raw_dir=str(raw), warehouse_path=str(tmp_path / "wh.duckdb"))
    with dg.DagsterInstance.ephemeral() as instance:
        assert run_nightly(settings, instance).success
        snap = snapshot_path(settings.warehouse_path)
        assert snap.exists()
        readers = {mode: subprocess.Popen([sys.executable, "-c", READER, str(snap), mode, seconds, "39"],
                                          stdout=subprocess.PIPE, text=True)
                   for mode, seconds in (("held", "12"), ("fresh", "90"))}
        time.sleep(1.5)
        rows = [unit(uscc=uscc(f"91140431MA{n:07d}")) for n in range(2, 40)]
        write_csv(raw / "units" / "20261005_u.csv", [UNIT_HEADER, *rows])
        started = time.time()
        result = run_nightly(settings, instance)
        load_seconds = time.time() - started
        held, fresh = observed(readers["held"]), observed(readers["fresh"])
    assert result.success, "the load must not wait on, or fail because of, the analysts' sessions"
    assert len(held) > 20 and len(fresh) > 20
    assert set(held) | set(fresh) <= {(1, 1), (39, 39)}, "a half-loaded state was visible"
    assert set(held) == {(1, 1)}, "an open session keeps the copy it opened"
    assert fresh[0] == (1, 1) and fresh[-1] == (39, 39), "a new session sees the night's load once swapped in"
    assert load_seconds < 60
    # Officer-only layers stay out of the analysts' copy.
    snap_con = duckdb.connect(str(snap), read_only=True)
    officer_only = snap_con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_schema = 'raw' OR (table_schema = 'audit' AND table_name = 'quarantine')").fetchall()
    snap_con.close()
    assert officer_only == []
    # The main warehouse was never opened by the reader: it holds the new state too.
    con = duckdb.connect(settings.warehouse_path, read_only=True)
    assert con.execute("SELECT count(*) FROM staging.units").fetchall() == [(39,)]


def snapshot_refreshed(result: dg.ExecuteInProcessResult) -> bool:
    """Whether the run's analyst/snapshot step wrote a new copy (its materialization metadata says so)."""
    [event] = [e for e in result.get_asset_materialization_events()
               if e.asset_key == dg.AssetKey(["analyst", "snapshot"])]
    return event.step_materialization_data.materialization.metadata["refreshed"].value


def test_a_night_that_changed_nothing_keeps_the_analysts_copy(tmp_path):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit()])
    settings = Settings.from_env(raw_dir=str(raw), warehouse_path=str(tmp_path / "wh.duckdb"))
    snap = snapshot_path(settings.warehouse_path)
    with dg.DagsterInstance.ephemeral() as instance:
        assert snapshot_refreshed(run_nightly(settings, instance))
        made = snap.stat().st_ino, snap.stat().st_mtime_ns
        assert not snapshot_refreshed(run_nightly(settings, instance))  # nothing new: the copy stays as it is
        assert (snap.stat().st_ino, snap.stat().st_mtime_ns) == made
        write_csv(raw / "units" / "20261005_u.csv", [UNIT_HEADER, unit(uscc=uscc("91140431MA0000002"))])
        assert snapshot_refreshed(run_nightly(settings, instance))  # new rows: a new copy, swapped in
    con = duckdb.connect(str(snap), read_only=True)
    assert con.execute("SELECT count(*) FROM staging.units").fetchall() == [(2,)]

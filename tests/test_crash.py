"""A load killed part-way (SIGKILL, no clean-up) leaves no half file behind; the next run completes the night."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from raw_files import MEMBER_HEADER, landing, write_csv
from test_ingest_rows import member

from pipelines.ingest.read.discover import sha256_of
from pipelines.ingest.specs import LOAD_ORDER
from pipelines.ingest.write.raw_layer import SCHEMA_FOLDER, SUFFIX, folder_name, raw_root, write_part
from pipelines.sample import generate_sample

UNIONPIPE = [sys.executable, "-m", "pipelines.cli"]


def orphans_and_unbalanced(path) -> tuple[int, int]:
    """Rows whose file has no registry row, and loaded files whose counts disagree with the tables."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'staging'").fetchall()}
        orphans = sum(con.execute(
            f"SELECT count(*) FROM staging.{s} WHERE file_id NOT IN (SELECT file_id FROM audit.files)").fetchall()[0][0]
            for s in LOAD_ORDER if s in tables)
        unbalanced = sum(con.execute(
            f"SELECT count(*) FROM audit.files f WHERE f.source = '{s}' AND f.status = 'loaded' AND f.rows_loaded <> "
            f"(SELECT count(*) FROM staging.{s} x WHERE x.file_id = f.file_id)").fetchall()[0][0]
            for s in LOAD_ORDER if s in tables)
        return orphans, unbalanced
    finally:
        con.close()


def part_being_written(members: Path) -> Path | None:
    """A raw part of a members file being written now (`.partial`: its file is not loaded yet), if any."""
    try:
        for folder in os.scandir(members):
            if folder.is_dir() and folder.name != SCHEMA_FOLDER:
                for entry in os.scandir(folder.path):
                    if entry.name.endswith(".partial"):
                        return Path(entry.path)
    except FileNotFoundError:  # a folder created or swept while we looked
        pass
    return None


def kill_mid_file(victim: subprocess.Popen, members: Path) -> Path:
    """SIGKILL the load while a members file's raw part is being written; that part's path.

    The load is stopped (SIGSTOP) when a `.partial` shows, and killed only if it is still there once
    stopped, so the kill lands inside a file, before its registry row could be written.
    """
    while victim.poll() is None:
        seen = part_being_written(members)
        if seen is None:
            time.sleep(0.001)  # a members part takes tens of milliseconds to write at this scale
            continue
        os.killpg(victim.pid, signal.SIGSTOP)
        if seen.exists():
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait()
            return seen
        os.killpg(victim.pid, signal.SIGCONT)
    pytest.fail("the load finished before a members part was seen being written")


def test_a_killed_load_leaves_whole_files_only_and_the_next_run_finishes(tmp_path):
    report = generate_sample(tmp_path / "raw", scale=2, formats="csv-utf8")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster"), "UNIONPIPE_SECRETS_FILE": str(tmp_path / "x")}
    (tmp_path / "dagster").mkdir()
    wh = tmp_path / "wh.duckdb"
    cmd = [*UNIONPIPE, "load", "--raw", str(tmp_path / "raw"), "--warehouse", str(wh)]
    with (tmp_path / "victim.log").open("w") as log:
        victim = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, start_new_session=True)
        cut = kill_mid_file(victim, Path(str(wh) + SUFFIX).resolve() / "members")
    assert victim.returncode == -signal.SIGKILL
    assert cut.exists()  # the kill left a part half-written: it landed mid-file
    folders = {folder_name(f"{sha256_of(p)[:16]}:members/{p.name}"): p.name
               for p in (tmp_path / "raw" / "members").iterdir()}
    cut_file = folders[cut.parent.name]
    con = duckdb.connect(str(wh), read_only=True)
    assert con.execute("SELECT count(*) FROM audit.files WHERE rel_path = ?", [f"members/{cut_file}"]).fetchall() \
        == [(0,)], "the file being written when killed has a registry row"
    assert con.execute("SELECT count(*) FROM audit.files WHERE source = 'regions'").fetchall() == [(1,)]
    con.close()
    assert orphans_and_unbalanced(wh) == (0, 0)

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert not cut.exists()  # the half-written part was swept
    con = duckdb.connect(str(wh), read_only=True)
    registered = con.execute("SELECT count(*) FROM audit.files").fetchall()[0][0]
    assert con.execute("SELECT status FROM audit.files WHERE rel_path = ?", [f"members/{cut_file}"]).fetchall() \
        == [("loaded",)]
    con.close()
    assert registered == len(report.files)
    assert orphans_and_unbalanced(wh) == (0, 0)


@pytest.mark.parametrize("left_as", ["part-00000.parquet.partial", "part-00000.parquet"])
def test_a_part_cut_short_by_a_kill_does_not_stop_the_next_load(tmp_path, load_all, left_as):
    # `.partial`: what a load killed inside write_part leaves now; the plain name: what an earlier version left.
    raw = landing(tmp_path)
    wh = tmp_path / "w.duckdb"
    load_all(raw, wh)
    whole = tmp_path / "whole"
    write_part(whole, 0, pl.DataFrame({"file_id": ["x"] * 1000, "row_number": range(1000)}))
    assert [p.name for p in whole.iterdir()] == ["part-00000.parquet"]
    con = duckdb.connect(str(wh), read_only=True)
    cut = raw_root(con) / "members" / folder_name("members/20260905_m.csv:dead") / left_as
    con.close()
    cut.parent.mkdir(parents=True)
    cut.write_bytes((whole / "part-00000.parquet").read_bytes()[:300])

    write_csv(raw / "members" / "20260905_m.csv", [MEMBER_HEADER, member()])
    outcomes = load_all(raw, wh)
    assert [o.status for o in outcomes if o.file.source == "members"] == ["loaded"]
    assert not cut.parent.exists()  # swept: its file never loaded


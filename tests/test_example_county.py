"""Acceptance: `unionpipe load` on the example county turns away exactly what its expected.json lists."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from example_county import example_dir, expected

UNIONPIPE = [sys.executable, "-m", "pipelines.cli"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The example's raw files loaded once by the real command into a fresh warehouse."""
    work = tmp_path_factory.mktemp("example")
    shutil.copytree(example_dir() / "raw", work / "raw")
    env = {**os.environ, "DAGSTER_HOME": str(work / "dagster"), "UNIONPIPE_SECRETS_FILE": str(work / "none.env"),
           "UNIONPIPE_PII_KEY": "tests-own-key-not-the-demonstration-one"}  # set up before conftest's per-test key
    (work / "dagster").mkdir()
    done = subprocess.run([*UNIONPIPE, "load", "--raw", str(work / "raw"), "--warehouse", str(work / "wh.duckdb")],
                          capture_output=True, text=True, env=env, timeout=300)
    return work / "wh.duckdb", done


def test_load_exits_nonzero_and_names_each_rejected_file(loaded):
    _, done = loaded
    assert done.returncode == 1, done.stderr[-2000:]
    for rel_path, code in expected()["file_rejections"].items():
        assert any(rel_path in line and code in line for line in done.stdout.splitlines()), (rel_path, code)


def test_whole_file_rejections_and_duplicates_match(loaded):
    path, _ = loaded
    con = duckdb.connect(str(path), read_only=True)
    rejected = dict(con.execute("SELECT rel_path, reason_code FROM audit.files WHERE status = 'rejected'").fetchall())
    duplicates = {r[0] for r in con.execute("SELECT rel_path FROM audit.files WHERE status = 'duplicate'").fetchall()}
    assert rejected == expected()["file_rejections"]
    assert duplicates == set(expected()["duplicate_files"])


def test_quarantine_carries_at_least_the_expected_reasons(loaded):
    path, _ = loaded
    con = duckdb.connect(str(path), read_only=True)
    got = dict(con.execute("SELECT reason_code, count(DISTINCT file_id || ':' || row_number) "
                           "FROM audit.quarantine GROUP BY 1").fetchall())
    for code, at_least in expected()["quarantine_codes"].items():
        assert got.get(code, 0) >= at_least, (code, got.get(code, 0), at_least)


# Per loaded file, its rows as the tables hold them (not as the registry derives them): every raw row is staged,
# quarantined, or a collapsed duplicate (in neither), and no row is both.
ROWS_IN_TABLES = """
WITH raw_rows AS (SELECT file_id, row_number FROM raw.{s}),
     staged AS (SELECT file_id, row_number FROM staging.{s}),
     held AS (SELECT DISTINCT file_id, row_number FROM audit.quarantine WHERE source = '{s}')
SELECT f.rel_path, f.rows_read, f.rows_loaded, f.rows_quarantined, f.rows_duplicate,
       (SELECT count(*) FROM raw_rows r WHERE r.file_id = f.file_id),
       (SELECT count(*) FROM staged t WHERE t.file_id = f.file_id),
       (SELECT count(*) FROM held q WHERE q.file_id = f.file_id),
       (SELECT count(*) FROM raw_rows r WHERE r.file_id = f.file_id
          AND (r.file_id, r.row_number) NOT IN (SELECT (file_id, row_number) FROM staged)
          AND (r.file_id, r.row_number) NOT IN (SELECT (file_id, row_number) FROM held)),
       (SELECT count(*) FROM staged t WHERE t.file_id = f.file_id
          AND (t.file_id, t.row_number) IN (SELECT (file_id, row_number) FROM held))
FROM audit.files f WHERE f.source = '{s}' AND f.status = 'loaded' ORDER BY f.rel_path
"""


def test_every_row_read_is_accounted_for(loaded):
    from pipelines.ingest.specs import LOAD_ORDER

    path, _ = loaded
    con = duckdb.connect(str(path), read_only=True)
    files = [row for s in LOAD_ORDER for row in con.execute(ROWS_IN_TABLES.format(s=s)).fetchall()]
    assert len(files) == con.execute("SELECT count(*) FROM audit.files WHERE status = 'loaded'").fetchone()[0]
    # (read, loaded, quarantined, duplicates) as the registry says, then as the tables hold them
    wrong = [(f[0], f[1:5], f[5:9], f[9]) for f in files if f[1:5] != f[5:9] or f[9]]
    assert wrong == []
    assert sum(f[3] for f in files) > 0 and sum(f[4] for f in files) > 0  # it has quarantined and duplicate rows


DECIMALS = {"RATIO": 4, "DAYS": 1, "CNY": 2, "PER_1000": 2, "COUNT": 0}
SDMX_HEADER = ["STRUCTURE", "STRUCTURE_ID", "ACTION", "FREQ", "REF_AREA", "TIME_PERIOD", "INDICATOR", "OBS_VALUE",
               "UNIT_MEASURE", "OBS_STATUS"]


@pytest.mark.parametrize("period", ["2026-09", "2026-10"])
def test_published_indicators_match_every_expected_observation(loaded, period, tmp_path):
    import csv

    path, _ = loaded
    env = {**os.environ, "DAGSTER_HOME": str(path.parent / "dagster")}
    done = subprocess.run([*UNIONPIPE, "publish", "--period", period, "--warehouse", str(path), "--out",
                           str(tmp_path)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    [csv_path] = list(tmp_path.rglob("indicators.csv"))
    rows = list(csv.reader(csv_path.open(encoding="utf-8")))
    assert rows[0] == SDMX_HEADER
    got = {f"{r[4]}|{r[6]}": r for r in rows[1:]}
    want = expected()["periods"][period]
    assert set(got) == set(want)
    assert [(r[4], r[6]) for r in rows[1:]] == sorted((r[4], r[6]) for r in rows[1:])
    wrong = []
    for key, (value, status, unit) in want.items():
        r = got[key]
        ok = (r[5], r[8], r[9]) == (period, unit, status) and (
            r[7] == "" if value is None else abs(float(r[7]) - value) <= 10 ** -DECIMALS[unit] + 1e-9)
        if not ok:
            wrong.append((key, r[7:], value, status))
    assert wrong == []
    # Analysts see the month just published: the publication refreshed their copy.
    snap = duckdb.connect(str(path.with_name(path.stem + ".analyst.duckdb")), read_only=True)
    assert snap.execute("SELECT count(*) FROM marts.indicators WHERE period = ?", [period]).fetchall() == [(len(want),)]
    # Their file is written table by table: its views and the units_at macro answer as the warehouse's do.
    sql = ("SELECT (SELECT count(*) FROM core.units_at(DATE '2026-10-31')), (SELECT count(*) FROM core.members), "
           "(SELECT count(*) FROM core.mediation), (SELECT count(*) FROM core.grievances)")
    seen = snap.execute(sql).fetchall()
    snap.close()
    con = duckdb.connect(str(path), read_only=True)
    assert seen == con.execute(sql).fetchall() and seen[0][0] > 0
    con.close()

"""Volume warnings that mean something: a township's latest batch is judged against the median of its own
earlier batches (the first, full batch of a register left out), so monthly change batches after a full
register raise nothing, while a township that really stops sending still warns."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from validate_data import SYS, T1, T2, build_clean

from pipelines.settings import PROJECT_ROOT, Settings
from pipelines.validate.run import run_all_checks, run_table_checks
from pipelines.warehouse import connect

FIRST = dt.date(2025, 12, 5)  # batch dates are built from this fixed date, never from today


def batch_dates(count: int) -> list[dt.date]:
    """`count` monthly batch dates from FIRST, oldest first."""
    return [dt.date(FIRST.year + (FIRST.month - 1 + i) // 12, (FIRST.month - 1 + i) % 12 + 1, 5) for i in range(count)]


@pytest.fixture
def clean(tmp_path) -> tuple[Settings, object]:
    """The gate's small clean warehouse (validate_data.py), open."""
    settings = build_clean(tmp_path / "unionpipe.duckdb", dt.date(2026, 12, 1))
    con = connect(settings.warehouse_path)
    yield settings, con
    con.close()


def mediation_history(con, rows: dict[str, list[int]]) -> None:
    """staging.mediation with rows[org][i] cases of each org in batch i, each batch a loaded file."""
    con.execute("DELETE FROM audit.files WHERE source = 'mediation'")
    con.execute("CREATE OR REPLACE TABLE staging.mediation AS SELECT * FROM core.mediation LIMIT 0")
    dates = batch_dates(len(next(iter(rows.values()))))
    for i, day in enumerate(dates):
        name = f"{day:%Y%m%d}_mediation.csv"
        con.execute("INSERT INTO audit.files (file_id, sha256, source, file_name, rel_path, batch_date, status)"
                    " VALUES (?, ?, 'mediation', ?, ?, ?, 'loaded')", [f"m{i}", f"sha-m{i}", name, f"mediation/{name}", day])
        for org, counts in rows.items():
            con.execute("INSERT INTO staging.mediation SELECT m.* REPLACE (? || '-' || k AS case_no, ? AS org_code,"
                        " ? AS file_id, ? AS file_name, ? AS batch_date) FROM (SELECT * FROM core.mediation LIMIT 1) m,"
                        " range(?) t(k)", [f"{org}-{i}", org, f"m{i}", name, day, counts[i]])


def volume(con, settings) -> tuple[bool, str | None]:
    """Whether core.mediation's volume check passed, and its offending examples."""
    result = next(r for r in run_table_checks(con, "core.mediation", settings) if r.check_name.endswith("volume"))
    return result.passed, result.detail


def test_change_batches_after_a_full_register_raise_nothing(clean):
    settings, con = clean
    # A full register first, then monthly changes; the latest change batch is an ordinary one.
    mediation_history(con, {T1: [240, 9, 11, 8, 10, 12, 9, 10, 7], T2: [120, 6, 5, 7, 6, 4, 6, 5, 3]})
    # Against the mean (dominated by the full register) both would fall by more than half.
    assert volume(con, settings) == (True, None)


def test_a_township_that_stops_sending_warns(clean):
    settings, con = clean
    mediation_history(con, {T1: [240, 9, 11, 8, 10, 12, 9, 10, 9], T2: [120, 10, 12, 9, 11, 10, 13, 11, 0]})
    passed, detail = volume(con, settings)
    assert not passed and detail.startswith(f"{T2}: 0 rows on {batch_dates(9)[-1]} vs median 11.0 before")


def test_a_fall_within_the_townships_own_spread_does_not_warn(clean):
    settings, con = clean
    # A median of 10 and batches that swing from 2 to 18: 4 is less than half the median but not unusual.
    mediation_history(con, {T1: [240, 2, 18, 10, 3, 17, 10, 16, 4]})
    assert volume(con, settings) == (True, None)


def test_a_township_too_small_to_tell_is_not_judged(clean):
    settings, con = clean
    # One or two cases a month: a month with none happens by chance.
    mediation_history(con, {SYS: [3, 1, 2, 1, 1, 2, 1, 1, 0]})
    assert volume(con, settings) == (True, None)
    assert volume(con, Settings.from_env(warehouse_path=settings.warehouse_path, volume_min_rows=1))[0] is False


def test_every_earlier_batch_alike_and_a_large_fall_warns(clean):
    settings, con = clean
    mediation_history(con, {T1: [50, 10, 10, 10, 10, 3]})  # MAD 0: any large fall is beyond the usual
    passed, detail = volume(con, settings)
    assert not passed and "every earlier batch alike" in detail


def test_a_young_warehouse_keeps_its_first_batch_as_the_baseline(clean):
    settings, con = clean
    mediation_history(con, {T2: [12, 11, 0]})  # only two earlier batches: the first is kept
    passed, detail = volume(con, settings)
    assert not passed and detail.startswith(f"{T2}: 0 rows")


def test_the_bundled_sample_raises_no_volume_warning(load_all, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(PROJECT_ROOT / "raw", raw)
    path = tmp_path / "wh.duckdb"
    load_all(raw, path)
    con = connect(path)
    try:
        results = run_all_checks(con, Settings.from_env(warehouse_path=str(path)))
    finally:
        con.close()
    volumes = {r.check_name: (r.passed, r.detail) for r in results if r.check_name.endswith("__volume")}
    assert len(volumes) == 4
    assert volumes == {name: (True, None) for name in volumes}

"""`unionpipe validate`: files judged exactly as the load would judge them, and nothing changed anywhere."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import fastexcel

from pipelines.ingest.dry_run import dry_run, files_at
from pipelines.sample import generate_sample
from pipelines.warehouse import connect
from raw_files import MEMBER_HEADER, UNIT_HEADER, landing, uscc, write_csv, write_xlsx
from test_ingest_rows import U2, member, unit

UNIONPIPE = [sys.executable, "-m", "pipelines.cli"]


def validate(cwd: Path, *args, warehouse: Path | None = None) -> subprocess.CompletedProcess:
    """The command as an officer runs it; with no warehouse, the configured one does not exist."""
    env = {**os.environ, "UNIONPIPE_WAREHOUSE": str(warehouse or cwd / "no-such.duckdb")}
    return subprocess.run([*UNIONPIPE, "validate", *map(str, args)], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=180)


def state_of(folder: Path) -> dict[str, tuple]:
    """Every file under `folder`: its size, modification time and bytes' digest."""
    state = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            state[str(p.relative_to(folder))] = (st.st_size, st.st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
    return state


def audit_counts(path: Path) -> tuple:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT (SELECT count(*) FROM audit.files), (SELECT count(*) FROM audit.quarantine), "
                           "(SELECT count(*) FROM audit.warnings), (SELECT count(*) FROM staging.units)").fetchall()[0]
    finally:
        con.close()


def loaded_county(tmp_path, load_all) -> tuple[Path, Path]:
    """A warehouse with the regions and one clean units file loaded; (landing zone, warehouse)."""
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_units.csv", [UNIT_HEADER, unit()])
    path = tmp_path / "wh" / "w.duckdb"
    load_all(raw, path)
    return raw, path


def test_dry_run_changes_nothing(tmp_path, load_all):
    raw, path = loaded_county(tmp_path, load_all)
    write_csv(raw / "units" / "20261005_units.csv", [UNIT_HEADER, unit(), unit(uscc=U2, org="140431999")])
    write_csv(raw / "members" / "20261005_members.csv", [MEMBER_HEADER, member(), member(joined="2030-01-01")])
    home = Path(os.environ["DAGSTER_HOME"])
    (home / "marker").write_text("x")
    before = (state_of(path.parent), state_of(raw), state_of(home), audit_counts(path))
    done = validate(tmp_path, raw, "--warehouse", path, "--out", tmp_path / "fix.xlsx")
    assert done.returncode == 1, done.stderr
    assert (state_of(path.parent), state_of(raw), state_of(home), audit_counts(path)) == before
    assert "只读 read-only" in done.stdout and (tmp_path / "fix.xlsx").is_file()


def test_lines_are_the_loads_own_and_duplicates_name_the_loaded_file(tmp_path, load_all):
    raw, path = loaded_county(tmp_path, load_all)
    new = tmp_path / "new"
    (new / "units").mkdir(parents=True)
    shutil.copy(raw / "units" / "20260905_units.csv", new / "units" / "20261005_resent.csv")
    write_csv(new / "units" / "20261006_units.csv", [UNIT_HEADER, unit(members="25"), unit(uscc=U2, org="140431999")])
    done = validate(tmp_path, new, "--warehouse", path)
    lines = done.stdout.splitlines()
    resent = next(line for line in lines if "20261005_resent.csv" in line)
    assert "duplicate_file" in resent and "同 units/20260905_units.csv" in resent
    # The second file: U1 again (replaces the loaded version), U2 under an unknown township.
    second = next(line for line in lines if "20261006_units.csv" in line)
    assert "读取 read 2 · 入库 loaded 1 · 重复 duplicates 0 · 隔离 quarantined 1" in second
    assert "replaces loaded 1" in second
    assert done.returncode == 1


def test_same_verdicts_as_the_load(tmp_path, load_all):
    """Every file of a sample county (all sources, every defect kind): dry-run counts and reasons = the load's."""
    raw = tmp_path / "raw"
    generate_sample(raw, scale=0.05)
    path = tmp_path / "w.duckdb"
    connect(path).close()  # a new county's empty warehouse
    con = duckdb.connect(str(path), read_only=True)
    try:
        run = dry_run(files_at([raw], None), con, b"test-key")
    finally:
        con.close()
    load_all(raw, path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        for v in run.verdicts:
            o = v.outcome
            got = con.execute("SELECT status, reason_code, rows_read, rows_loaded, rows_duplicate, rows_quarantined, "
                              "rows_warned, file_id FROM audit.files WHERE rel_path = ?", [o.file.rel_path]).fetchall()
            assert got[0][:7] == (o.status, o.reason_code, o.rows_read, o.rows_loaded, o.rows_duplicate,
                                  o.rows_quarantined, o.rows_warned), o.file.rel_path
            loaded = set(con.execute("SELECT row_number, column_name, reason_code FROM audit.quarantine "
                                     "WHERE file_id = ?", [got[0][7]]).fetchall())
            judged = set(v.fix.reasons.rows()) if v.fix else set()
            assert judged == loaded, o.file.rel_path
    finally:
        con.close()
    assert sum(v.outcome.rows_quarantined for v in run.verdicts) > 0


def test_without_a_warehouse_with_and_without_a_regions_file(tmp_path):
    raw = landing(tmp_path)
    units = write_csv(tmp_path / "20261005_units.csv", [UNIT_HEADER, unit(), unit(uscc=U2, org="140431999")])
    alone = validate(tmp_path, units, "--source", "units")
    assert "无仓库 no warehouse" in alone.stdout
    assert "skipped unknown_org" in alone.stdout and "skipped unknown_village" in alone.stdout
    assert "隔离 quarantined 0" in alone.stdout and alone.returncode == 0
    regions = raw / "regions" / "20260101_组织机构.xlsx"
    given = validate(tmp_path, units, "--source", "units", "--regions", regions, "--out", tmp_path / "fix.csv")
    assert "skipped" not in given.stdout
    assert "入库 loaded 1 · 重复 duplicates 0 · 隔离 quarantined 1" in given.stdout and given.returncode == 1
    body = (tmp_path / "fix.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(body) == 2 and body[1].startswith(U2) and "unknown_org" in body[1] and "140431999" in body[1]


def test_exit_codes(tmp_path, load_all):
    raw, path = loaded_county(tmp_path, load_all)
    clean = tmp_path / "clean" / "units"
    clean.mkdir(parents=True)
    write_csv(clean / "20261005_units.csv", [UNIT_HEADER, unit(uscc=U2)])
    assert validate(tmp_path, clean, "--warehouse", path).returncode == 0
    broken = tmp_path / "broken" / "units"
    broken.mkdir(parents=True)
    write_csv(broken / "20261005_units.csv", [UNIT_HEADER[1:], unit()[1:]])  # no credit-code column
    rejected = validate(tmp_path, broken.parent, "--warehouse", path)
    assert rejected.returncode == 1 and "missing_column" in rejected.stdout
    write_csv(tmp_path / "misnamed.csv", [UNIT_HEADER, unit()])
    assert "bad_file_name" in validate(tmp_path, tmp_path / "misnamed.csv", "--source", "units").stdout
    duckdb.connect(str(tmp_path / "other.duckdb")).close()  # a DuckDB file, not a warehouse
    for args in ([tmp_path / "nowhere"], [tmp_path / "misnamed.csv"],
                 [clean, "--warehouse", tmp_path / "missing.duckdb"], [clean, "--source", "payroll"],
                 [clean, "--warehouse", tmp_path / "other.duckdb"], [clean, "--regions", tmp_path]):
        done = validate(tmp_path, *args)
        assert done.returncode == 2 and "Could not validate" in done.stderr and "Traceback" not in done.stderr


def test_validate_out_workbook_has_file_row_and_reason_columns(tmp_path, load_all):
    raw, path = loaded_county(tmp_path, load_all)
    new = write_xlsx(tmp_path / "20261005_units.xlsx", [UNIT_HEADER, unit(uscc=U2), unit(employees="-3")])
    done = validate(tmp_path, new, "--source", "units", "--warehouse", path, "--out", tmp_path / "fix.xlsx")
    assert done.returncode == 1
    book = fastexcel.read_excel(tmp_path / "fix.xlsx")
    rows = book.load_sheet(0, header_row=None, dtypes="string").to_polars().rows()
    header = rows[0]
    assert list(header[:len(UNIT_HEADER)]) == UNIT_HEADER
    extra = " ".join(header[len(UNIT_HEADER):])
    assert all(word in extra for word in ("file", "row", "reason"))
    # Row 5 of the sheet: a title row and a blank row stand above the header.
    assert len(rows) == 2 and rows[1][5] == "-3" and rows[1][-3:-1] == ("5", "out_of_range")
    summary = book.load_sheet(book.sheet_names[-1], dtypes="string").to_polars()
    assert summary.row(0)[:6] == ("units/20261005_units.xlsx", "units", "loaded", "2", "1", "1")


U3 = uscc("91140431MA0000004")


def test_judged_in_small_chunks_as_in_one(tmp_path):
    """Duplicates and conflicts whose rows fall in different chunks are settled over the whole file."""
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20261005_units.csv", [
        UNIT_HEADER, unit(), unit(uscc=U2), unit(),                      # U1 twice, alike: one duplicate
        unit(uscc=U2, employees="31"), unit(uscc="bad"), unit(uscc=U3, org="x"),  # U2: a conflict
        unit(uscc=U2.lower())])                                          # the same key, in lower case
    files = files_at([raw], None)
    whole, chunked = dry_run(files, None, b"k"), dry_run(files, None, b"k", chunk_rows=2)
    for a, b in zip(whole.verdicts, chunked.verdicts):
        assert (a.outcome.rows_read, a.outcome.rows_loaded, a.outcome.rows_duplicate, a.outcome.rows_quarantined) \
            == (b.outcome.rows_read, b.outcome.rows_loaded, b.outcome.rows_duplicate, b.outcome.rows_quarantined)
        assert (a.fix is None) == (b.fix is None)
        if a.fix:
            assert a.fix.reasons.rows() == b.fix.reasons.rows() and a.fix.rows.equals(b.fix.rows)
    units = chunked.verdicts[-1]
    assert units.outcome.rows_duplicate == 1 and units.outcome.rows_quarantined >= 4
    assert {"conflicting_duplicate", "bad_uscc", "unknown_org"} <= set(units.fix.reasons.get_column("reason_code"))

"""Province scale: a file read in many chunks loads exactly as in one; nights follow only the new data."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from raw_files import MEMBER_HEADER, UNIT_HEADER, id_number, landing, write_csv
from test_ingest_rows import member, unit
from test_ingest_versions import U1, U2
from pipelines.ingest.load import load_source
from pipelines.ingest.specs import LOAD_ORDER
from pipelines.model.build import build_core
from pipelines.warehouse import connect

A, B, C, D, E, F = (id_number("19900101", s) for s in ("101", "103", "105", "107", "109", "111"))  # odd: men
BAD_ID = "140431199001011230"

# What an officer compares between two loads of one file: every layer the load writes.
LAYERS = {
    "files": "SELECT rel_path, status, rows_read, rows_loaded, rows_duplicate, rows_quarantined, rows_warned "
             "FROM audit.files",
    "raw": "SELECT * FROM raw.members",
    "staging": "SELECT * FROM staging.members",
    "quarantine": "SELECT * EXCLUDE (run_id) FROM audit.quarantine",
    "warnings": "SELECT * EXCLUDE (run_id) FROM audit.warnings",
    "core": "SELECT * FROM core.members",
}


def load_nights(raw: Path, path: Path, chunk_rows: int | None = None, run_id: str = "night") -> None:
    """One night: every source loaded (in chunks of `chunk_rows` rows when given) and its core built."""
    con = connect(path)
    try:
        for source in LOAD_ORDER:
            kw = {"chunk_rows": chunk_rows} if chunk_rows else {}
            load_source(con, raw, source, b"test-key", run_id, **kw)
            build_core(con, source)
    finally:
        con.close()


def layers(path: Path) -> dict[str, list[tuple]]:
    """Every layer's rows, sorted (order on disk is no part of the contract)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in LAYERS.items()}
    finally:
        con.close()


def query(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_file_read_in_many_chunks_loads_exactly_as_in_one(tmp_path):
    rows = [
        MEMBER_HEADER,
        member(id=A),                                                  # 2 loaded
        member(id=B),                                                  # 3 loaded
        member(id=C, category="职工"),                                  # 4 conflicts with 9 (another chunk)
        member(id=D, joined="2020-01-01"),                              # 5 loaded; 8 is the same row
        member(id=BAD_ID),                                             # 6 bad_id_number; 12 is the same row
        member(id=E, phone="12345"),                                   # 7 loaded, warned (bad_phone)
        member(id=D, joined="2020/1/1"),                                # 8 identical once parsed: a duplicate
        member(id=C.lower(), category="干部", joined="2020-13-01"),     # 9 conflicting, and bad_date
        [""] * len(MEMBER_HEADER),                                     # 10 blank: not a row read
        member(id=F),                                                  # 11 loaded
        member(id=BAD_ID),                                             # 12 a duplicate of a quarantined row
    ]
    whole, chunked = tmp_path / "whole", tmp_path / "chunked"
    for root, chunk_rows in ((whole, None), (chunked, 3)):
        write_csv(landing(root) / "members" / "20260905_members.csv", rows)
        load_nights(root / "raw", root / "w.duckdb", chunk_rows)

    got = layers(chunked / "w.duckdb")
    assert got == layers(whole / "w.duckdb")
    assert ("members/20260905_members.csv", "loaded", 10, 5, 2, 3, 1) in got["files"]
    assert query(chunked / "w.duckdb", "SELECT row_number, column_name, reason_code, raw_value FROM audit.quarantine "
                                       "ORDER BY 1, 2, 3") == [
        (4, "id_number", "conflicting_duplicate", C),
        (6, "id_number", "bad_id_number", BAD_ID),
        (9, "id_number", "conflicting_duplicate", C.lower()),
        (9, "joined", "bad_date", "2020-13-01"),
    ]
    assert query(chunked / "w.duckdb", "SELECT row_number, reason_code FROM audit.warnings") == [(7, "bad_phone")]
    assert query(chunked / "w.duckdb", "SELECT count(*) FROM raw.members") == [(10,)]


def test_nightly_core_builds_equal_a_full_rebuild_after_corrections_and_late_batches(tmp_path):
    raw, path = landing(tmp_path), tmp_path / "w.duckdb"
    write_csv(raw / "members" / "20260905_m.csv", [MEMBER_HEADER, member(id=A), member(id=B), member(id=C)])
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit(), unit(uscc=U2)])
    load_nights(raw, path, run_id="night 1")
    # Night 2: a correction of A and a new member; a units batch.
    write_csv(raw / "members" / "20260910_m.csv", [MEMBER_HEADER, member(id=A, category="干部"), member(id=D)])
    write_csv(raw / "units" / "20261005_u.csv", [UNIT_HEADER, unit(employees="40", report="2026-09-30")])
    load_nights(raw, path, run_id="night 2")
    # Night 3: a file dated before both arrives late. It must not override A or B, but brings E;
    # the units batch it carries is the earliest, so the others' batch_seq move on.
    write_csv(raw / "members" / "20260901_m.csv", [MEMBER_HEADER, member(id=A, category="农民工"),
                                                   member(id=B, gender="女"), member(id=E)])
    write_csv(raw / "units" / "20260901_u.csv", [UNIT_HEADER, unit(employees="25", report="2026-07-31")])
    load_nights(raw, path, run_id="night 3")
    # Night 4: another correction of A, and two differing rows of C (quarantined: C keeps its version).
    write_csv(raw / "members" / "20260920_m.csv", [MEMBER_HEADER, member(id=A, category="合同工"),
                                                   member(id=C, category="合同工"), member(id=C, category="干部")])
    load_nights(raw, path, run_id="night 4")

    nightly = {t: query(path, f"SELECT * FROM core.{t} ORDER BY ALL") for t in ("members", "units")}
    con = connect(path)
    try:
        for source in ("members", "units"):
            build_core(con, source, full=True)
    finally:
        con.close()
    assert nightly == {t: query(path, f"SELECT * FROM core.{t} ORDER BY ALL") for t in ("members", "units")}
    assert query(path, "SELECT id_masked, category, gender, file_name FROM core.members ORDER BY 1") == [
        (A[:6] + "********" + A[-4:], "contract", "M", "20260920_m.csv"),
        (B[:6] + "********" + B[-4:], "worker", "M", "20260905_m.csv"),
        (C[:6] + "********" + C[-4:], "worker", "M", "20260905_m.csv"),
        (D[:6] + "********" + D[-4:], "worker", "M", "20260910_m.csv"),
        (E[:6] + "********" + E[-4:], "worker", "M", "20260901_m.csv"),
    ]
    assert query(path, "SELECT uscc, employees, batch_seq FROM core.units ORDER BY batch_seq, uscc") == [
        (U1, 25, 1), (U1, 30, 2), (U2, 30, 2), (U1, 40, 3)]


def test_a_night_hashes_only_new_or_changed_files(tmp_path):
    raw, path = landing(tmp_path), tmp_path / "w.duckdb"
    first = write_csv(raw / "members" / "20260905_m.csv", [MEMBER_HEADER, member(id=A)])
    load_nights(raw, path, run_id="night 1")
    stat = first.stat()
    # Same path, size and modification time: taken as the file already registered, without reading it.
    write_csv(first, [MEMBER_HEADER, member(id=B)])
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    load_nights(raw, path, run_id="night 2")
    assert query(path, "SELECT count(*) FROM audit.files WHERE source = 'members'") == [(1,)]
    # A new modification time: the file is read again, found changed, and loaded as a new batch.
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    load_nights(raw, path, run_id="night 3")
    assert query(path, "SELECT count(*) FROM audit.files WHERE source = 'members' AND status = 'loaded'") == [(2,)]
    assert query(path, "SELECT id_masked FROM core.members ORDER BY 1") == [
        (A[:6] + "********" + A[-4:],), (B[:6] + "********" + B[-4:],)]

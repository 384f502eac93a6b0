"""Duplicates, supersession across batches, unit versions, resubmissions, idempotence and atomic batches."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from raw_files import MEDIATION_HEADER, TOWN_A, UNIT_HEADER, landing, uscc, write_csv, write_xlsx
from test_ingest_rows import case, unit

U1, U2 = uscc("91140431MA0000001"), uscc("91140431MA0000002")


def query(path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_identical_rows_collapse_and_differing_rows_conflict(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "mediation" / "20260905_台账.csv", [
        MEDIATION_HEADER,
        case(no="TJ-1", received="2026-08-01"),
        case(no="TJ-1", received="2026/8/1", claimed="1000"),   # identical once parsed: collapses
        case(no="TJ-2", workers="2"),
        case(no="TJ-2", workers="3"),                          # same key, other value: both quarantined
    ])
    load_all(raw, tmp_path / "w.duckdb")
    assert query(tmp_path / "w.duckdb", "SELECT rows_read, rows_loaded, rows_duplicate, rows_quarantined "
                                        "FROM audit.files WHERE source = 'mediation'") == [(4, 1, 1, 2)]
    assert query(tmp_path / "w.duckdb", "SELECT row_number, reason_code FROM audit.quarantine ORDER BY 1") == [
        (4, "conflicting_duplicate"), (5, "conflicting_duplicate")]


def test_the_latest_batch_wins_and_a_quarantined_row_never_supersedes(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "mediation" / "20260905_a.csv", [MEDIATION_HEADER, case(no="TJ-1", outcome="在办", closed="",
                                                                              agreed=""),
                                                     case(no="TJ-2", outcome="在办", closed="", agreed="")])
    # The next month: TJ-1 closes; TJ-2's new row is broken and must not replace the valid one.
    write_csv(raw / "mediation" / "20261005_b.csv", [MEDIATION_HEADER, case(no="TJ-1"),
                                                     case(no="TJ-2", closed="2026-07-01")])
    load_all(raw, tmp_path / "w.duckdb")
    assert query(tmp_path / "w.duckdb", "SELECT case_no, outcome FROM core.mediation ORDER BY 1") == [
        ("TJ-1", "success"), ("TJ-2", "pending")]


def test_batches_apply_in_date_then_name_order_whatever_the_arrival(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "mediation" / "20261005_b.csv", [MEDIATION_HEADER, case(no="TJ-1", workers="5")])
    load_all(raw, tmp_path / "w.duckdb")
    # A late file with an earlier batch date arrives afterwards: it must not win.
    write_csv(raw / "mediation" / "20260905_a.csv", [MEDIATION_HEADER, case(no="TJ-1", workers="3")])
    load_all(raw, tmp_path / "w.duckdb", run_id="second")
    assert query(tmp_path / "w.duckdb", "SELECT workers FROM core.mediation") == [(5,)]


@pytest.mark.parametrize("nights", [1, 2], ids=["one-night", "code-point-later-name-first"])
def test_files_of_one_date_apply_in_code_point_order_of_their_names(tmp_path, load_all, nights):
    raw = landing(tmp_path)
    # Same batch date, same case: "Z" (U+005A) sorts before "a" (U+0061) by code point, though not
    # case-insensitively; "调" (U+8C03) after both, though before them in a pinyin collation ("t" < "z").
    files = [("20261005_Z.csv", "3"), ("20261005_a.csv", "4"), ("20261005_调解.csv", "5")]
    if nights == 2:  # the code-point-last file arrives first; the others a night later
        write_csv(raw / "mediation" / files[2][0], [MEDIATION_HEADER, case(no="TJ-1", workers=files[2][1])])
        load_all(raw, tmp_path / "w.duckdb")
    for name, workers in files[:2] if nights == 2 else files:
        write_csv(raw / "mediation" / name, [MEDIATION_HEADER, case(no="TJ-1", workers=workers)])
    load_all(raw, tmp_path / "w.duckdb", run_id="second")
    assert query(tmp_path / "w.duckdb", "SELECT workers, file_name FROM core.mediation") == [(5, "20261005_调解.csv")]
    # Without the Chinese file, the lower-case name wins over the upper-case one.
    fresh = tmp_path / "fresh"
    fresh_raw = landing(fresh)
    for name, workers in files[:2]:
        write_csv(fresh_raw / "mediation" / name, [MEDIATION_HEADER, case(no="TJ-1", workers=workers)])
    load_all(fresh_raw, fresh / "w.duckdb")
    assert query(fresh / "w.duckdb", "SELECT workers FROM core.mediation") == [(4,)]


def test_units_keep_every_version_for_as_of_questions(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit(has_union="否", founded="", members="0")])
    write_xlsx(raw / "units" / "20261005_u.xlsx", [UNIT_HEADER, unit(report=dt.date(2026, 9, 30))])
    write_csv(raw / "units" / "20261105_u.csv", [UNIT_HEADER, unit(report="2026-10-31", status="注销")])
    load_all(raw, tmp_path / "w.duckdb")
    assert query(tmp_path / "w.duckdb", "SELECT count(*) FROM core.units") == [(3,)]

    def state_at(day: str):
        return query(tmp_path / "w.duckdb", f"""
            SELECT has_union, status FROM core.units WHERE uscc = '{U1}' AND report_date <= DATE '{day}'
            QUALIFY row_number() OVER (ORDER BY report_date DESC, batch_seq DESC) = 1""")

    assert state_at("2026-09-15") == [(False, "active")]
    assert state_at("2026-09-30") == [(True, "active")]
    assert state_at("2026-10-31") == [(True, "closed")]
    assert state_at("2026-08-01") == []


def test_a_corrected_resubmission_takes_the_quarantined_rows_place(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit(), unit(uscc=U2, org="140431999")])
    load_all(raw, tmp_path / "w.duckdb")
    assert query(tmp_path / "w.duckdb", "SELECT count(*) FROM core.units") == [(1,)]
    write_csv(raw / "units" / "20260906_u_更正.csv", [UNIT_HEADER, unit(uscc=U2, org=TOWN_A)])
    load_all(raw, tmp_path / "w.duckdb", run_id="second")
    assert query(tmp_path / "w.duckdb", "SELECT uscc, org_code FROM core.units ORDER BY 1") == [
        (U1, TOWN_A), (U2, TOWN_A)]


def test_loading_the_same_files_again_changes_nothing(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit(), unit(uscc=U2, org="140431999")])
    load_all(raw, tmp_path / "w.duckdb")
    tables = ["raw.units", "staging.units", "core.units", "audit.quarantine", "audit.files"]
    before = [query(tmp_path / "w.duckdb", f"SELECT count(*) FROM {t}") for t in tables]
    assert load_all(raw, tmp_path / "w.duckdb", run_id="again") == []
    assert [query(tmp_path / "w.duckdb", f"SELECT count(*) FROM {t}") for t in tables] == before


def test_a_batch_that_fails_part_way_leaves_nothing_behind_and_is_turned_away_named(tmp_path, load_all, monkeypatch):
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit(), unit(uscc=U2, org="140431999")])
    import pipelines.ingest.load as load_module

    real_store_reasons = load_module.store_reasons

    def crash(con, f, sheet, ev, source, run_id):
        if source.name != "units":
            return real_store_reasons(con, f, sheet, ev, source, run_id)
        raise RuntimeError("power cut after the raw and staging rows were written")

    monkeypatch.setattr(load_module, "store_reasons", crash)
    load_all(raw, tmp_path / "w.duckdb")  # the night goes on
    for table in ("raw.units", "staging.units", "audit.quarantine"):
        assert query(tmp_path / "w.duckdb", f"SELECT count(*) FROM {table}") == [(0,)]
    assert query(tmp_path / "w.duckdb", "SELECT status, reason_code, reason_detail FROM audit.files "
                                        "WHERE source = 'units'") == [
        ("rejected", "unreadable", "读取或检查时出现意外错误，整份文件未导入 (unexpected error): "
                                   "RuntimeError: power cut after the raw and staging rows were written")]
    monkeypatch.undo()
    # The officer resubmits the same rows: they load whole.
    (raw / "units" / "20260906_u_again.csv").write_bytes((raw / "units" / "20260905_u.csv").read_bytes())
    load_all(raw, tmp_path / "w.duckdb", run_id="next night")
    assert query(tmp_path / "w.duckdb", "SELECT rows_loaded, rows_quarantined FROM audit.files "
                                        "WHERE source = 'units' AND status = 'loaded'") == [(1, 1)]

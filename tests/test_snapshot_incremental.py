"""The analysts' file refreshed in place holds what a file written whole would, and never an officer's value."""

from __future__ import annotations

import re

import duckdb
import pytest

from pipelines.model.analyst_file import FORMAT_VERSION, MARKER, write_analyst_file
from pipelines.model.snapshot import refresh_snapshot, snapshot_path
from pipelines.warehouse import writing
from raw_files import MEMBER_HEADER, REGIONS, UNIT_HEADER, id_number, uscc, write_csv, write_xlsx
from test_ingest_rows import member, unit
from test_privacy import ID_IN_TEXT, personal_hits, privacy_county

PHONE_CELL = re.compile(r"(?:^|,)(1\d{10})(?=,|$)", re.MULTILINE)
NEW_PERSON, QUARANTINED_PERSON = id_number("19790315", "222"), id_number("19800420", "333")


def second_night_files(raw) -> None:
    """A second night's files: a member resubmitted (her first row stops being current), a new member, a quarantined
    one, a new unit, and a regions file renaming a village (core.regions is rebuilt whole)."""
    first = id_number("19850612", "241")  # loaded on the first night (privacy_county's first person)
    write_csv(raw / "members" / "20261005_m.csv", [
        MEMBER_HEADER, member(id=first, card="K9", phone="13900002222"), member(id=NEW_PERSON, card="K8"),
        member(id=QUARANTINED_PERSON, joined="2020-02-30")])
    write_csv(raw / "units" / "20261005_u.csv", [UNIT_HEADER, unit(uscc=uscc("91140431MA0000002"), name="纺织厂")])
    renamed = [[("东新村" if cell == "东村" else cell) for cell in row] for row in REGIONS]
    write_xlsx(raw / "regions" / "20261001_组织机构.xlsx", renamed, title="组织机构表")


def personal_values(raw) -> set[str]:
    """Every ID number and phone number written in the landing zone's CSV files."""
    text = "\n".join(f.read_text(encoding="utf-8") for f in raw.rglob("*.csv"))
    return {m.upper() for m in ID_IN_TEXT.findall(text)} | set(PHONE_CELL.findall(text))


def two_nights(tmp_path, load_all, tamper=None) -> tuple:
    """Load a county, refresh the analysts' file, let `tamper` change that file, load a second night and refresh
    again; (warehouse path, analysts' file, how each refresh made it, the personal values in the files)."""
    raw, _ = privacy_county(tmp_path)
    warehouse = tmp_path / "wh.duckdb"
    load_all(raw, warehouse)
    analysts, first = refresh_snapshot(str(warehouse))
    if tamper:
        con = duckdb.connect(str(analysts))
        for sql in tamper:
            con.execute(sql)
        con.close()
    second_night_files(raw)
    load_all(raw, warehouse)
    _, second = refresh_snapshot(str(warehouse))
    return warehouse, analysts, (first, second), personal_values(raw)


def contents(path) -> dict:
    """Every table's rows (sorted), every view and macro of a DuckDB file; its marker without what differs by how
    it was made (when, full or incremental, the action per table)."""
    con = duckdb.connect(str(path), read_only=True)
    names = con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal "
                        "AND database_name = current_database()").fetchall()
    found = {f"{s}.{t}": sorted(con.execute(f'SELECT * FROM {s}."{t}"').fetchall(), key=repr)
             for s, t in names if (s, t) != MARKER}
    found["views"] = sorted(con.execute("SELECT schema_name, view_name, sql FROM duckdb_views() WHERE NOT internal "
                                        "AND database_name = current_database()").fetchall())
    found["macros"] = sorted(con.execute("SELECT schema_name, function_name, macro_definition FROM duckdb_functions() "
                                         "WHERE NOT internal AND database_name = current_database() "
                                         "AND function_type LIKE '%macro'").fetchall())
    found["marker"] = sorted(con.execute("SELECT format_version, schema_name, table_name, file_id, row_count, row_hash "
                                         "FROM audit.analyst_copy").fetchall(), key=repr)
    con.close()
    return found


def actions(path) -> dict[str, str]:
    """What the last refresh did with each table, from the file's marker."""
    con = duckdb.connect(str(path), read_only=True)
    done = dict(con.execute("SELECT DISTINCT schema_name || '.' || table_name, action FROM audit.analyst_copy").fetchall())
    con.close()
    return done


def written_whole(warehouse, path) -> None:
    """Write the analysts' file of `warehouse` whole at `path` (what a refresh with no copy in place writes)."""
    with writing(warehouse) as con:
        write_analyst_file(con, path)


def test_a_file_refreshed_in_place_holds_what_one_written_whole_would(tmp_path, load_all):
    warehouse, analysts, made, personal = two_nights(tmp_path, load_all)
    assert made == ("full: no copy in place", "incremental")
    done = actions(analysts)
    assert (done["staging.members"], done["staging.units"], done["staging.grievances"]) == (
        "updated", "appended", "kept")  # a row of the first night's file stopped being current; a unit was added
    assert done["core.regions"] == "rewritten" and done["audit.files"] == "rewritten"
    whole = tmp_path / "whole.duckdb"
    written_whole(warehouse, whole)
    assert contents(analysts) == contents(whole)
    con = duckdb.connect(str(analysts), read_only=True)
    assert con.execute("SELECT count(*) FILTER (current), count(*) FILTER (NOT current) FROM staging.members"
                       ).fetchall() == [(5, 1)]
    assert con.execute("SELECT name FROM core.regions WHERE code = '140431100201'").fetchall() == [("东新村",)]
    con.close()
    # Bytes: no ID or phone number of any file, quarantined ones included, is in the analysts' file; the same scan
    # finds the new quarantined ID in the warehouse file, where the quarantine keeps it.
    assert len(personal) > 8 and QUARANTINED_PERSON in personal
    data = analysts.read_bytes()
    assert [p for p in personal if p.encode() in data] == []
    assert QUARANTINED_PERSON.encode() in warehouse.read_bytes()
    assert personal_hits(analysts) == []


def test_a_new_format_version_writes_a_new_file(tmp_path, load_all):
    # As an older version would have left it: another format number, and a member's whole ID where the mask is now.
    planted = id_number("19660606", "606")
    warehouse, analysts, made, personal = two_nights(tmp_path, load_all, tamper=[
        f"UPDATE audit.analyst_copy SET format_version = {FORMAT_VERSION - 1}",
        f"UPDATE staging.members SET id_masked = '{planted}' WHERE card_no = 'K1'"])
    assert made[1] == f"full: format version [{FORMAT_VERSION - 1}] is not {FORMAT_VERSION}"
    assert set(actions(analysts).values()) == {"written"}
    assert planted.encode() not in analysts.read_bytes()
    assert [p for p in personal if p.encode() in analysts.read_bytes()] == []
    whole = tmp_path / "whole.duckdb"
    written_whole(warehouse, whole)
    assert contents(analysts) == contents(whole)


def test_the_planted_value_is_in_the_bytes_the_scan_reads(tmp_path, load_all):
    # What the test above relies on: the tampered value is written into the file, where its scan would find it.
    raw, _ = privacy_county(tmp_path)
    load_all(raw, tmp_path / "wh.duckdb")
    analysts, _ = refresh_snapshot(str(tmp_path / "wh.duckdb"))
    planted = id_number("19660606", "606")
    con = duckdb.connect(str(analysts))
    con.execute(f"UPDATE staging.members SET id_masked = '{planted}' WHERE card_no = 'K1'")
    con.close()
    assert planted.encode() in analysts.read_bytes()


@pytest.mark.parametrize(("tamper", "reason"), [
    (["DROP TABLE audit.analyst_copy"], "no marker"),
    (["ALTER TABLE staging.units ADD COLUMN note VARCHAR"], "columns changed: staging.units"),
    ([f"CREATE TABLE audit.quarantine AS SELECT '{id_number('19550505', '505')}' AS raw_value"],
     "holds an officer-only table"),
    (["CREATE TABLE filler AS SELECT range AS n, md5(range::VARCHAR) AS s FROM range(300000)", "CHECKPOINT",
      "CREATE TABLE later AS SELECT range AS n, md5(range::VARCHAR) AS s FROM range(100000)", "CHECKPOINT",
      "DROP TABLE filler", "CHECKPOINT"], "more than half of the file is free space"),
])
def test_a_copy_that_cannot_be_updated_in_place_is_written_whole(tmp_path, load_all, tamper, reason):
    warehouse, analysts, made, personal = two_nights(tmp_path, load_all, tamper=tamper)
    assert made[1] == f"full: {reason}"
    whole = tmp_path / "whole.duckdb"
    written_whole(warehouse, whole)
    assert contents(analysts) == contents(whole)
    assert id_number("19550505", "505").encode() not in analysts.read_bytes()


def test_an_unreadable_copy_is_written_whole(tmp_path, load_all):
    raw, _ = privacy_county(tmp_path)
    warehouse = tmp_path / "wh.duckdb"
    load_all(raw, warehouse)
    snapshot_path(str(warehouse)).write_bytes(b"not a DuckDB file")
    _, made = refresh_snapshot(str(warehouse))
    assert made.startswith("full: copy in place unreadable")
    whole = tmp_path / "whole.duckdb"
    written_whole(warehouse, whole)
    assert contents(snapshot_path(str(warehouse))) == contents(whole)


def test_a_refresh_that_fails_is_not_taken_for_a_copy_made(tmp_path, load_all):
    raw, _ = privacy_county(tmp_path)
    warehouse = tmp_path / "wh.duckdb"
    load_all(raw, warehouse)
    analysts, _ = refresh_snapshot(str(warehouse))
    second_night_files(raw)
    load_all(raw, warehouse)
    partial = analysts.with_name(analysts.name + ".partial")
    partial.mkdir()  # in the way: the new file cannot be written
    with pytest.raises(OSError):
        refresh_snapshot(str(warehouse))
    partial.rmdir()
    assert refresh_snapshot(str(warehouse))[1] == "incremental"  # not kept as if the failed run had made it
    con = duckdb.connect(str(analysts), read_only=True)
    assert con.execute("SELECT count(*) FROM staging.units").fetchall() == [(2,)]
    con.close()

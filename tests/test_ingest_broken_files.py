"""Broken files: each is turned away whole with the standard's code and a located reason; the night goes on.

Every test lands a good grievances file beside the broken one and loads both for real: the good one must
load, and nothing of the broken one may reach the raw or staging layers.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
from raw_files import GRIEVANCE_HEADER, landing, write_csv, write_xlsx
from test_ingest_files import statuses
from test_ingest_rows import ticket

from pipelines.ingest.judge.references import references_at
from pipelines.ingest.load import load_file, load_source
from pipelines.ingest.read.discover import discover
from pipelines.ingest.specs import SOURCES
from pipelines.ingest.write.early import judged_early
from pipelines.ingest.write.store import ensure_tables
from pipelines.model.build import build_core
from pipelines.warehouse import connect

GOOD = "grievances/20260905_good.csv"
BAD = "grievances/20260906_bad"
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def night(tmp_path: Path, load_all, build, bad_rows: int = 0) -> tuple[str, str, str]:
    """Land the good file and the broken one (`build(folder)` writes it, returns its path); load; its fate.

    Asserts that the good file loaded and that the broken one left exactly `bad_rows` rows in raw and staging.
    """
    raw = landing(tmp_path)
    write_csv(raw / GOOD, [GRIEVANCE_HEADER, ticket()])
    bad = build(raw / "grievances")
    load_all(raw, tmp_path / "w.duckdb")
    got = statuses(tmp_path / "w.duckdb")
    assert got[GOOD][0] == "loaded" and got[GOOD][4] == 1, got[GOOD]
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        kept = con.execute("SELECT (SELECT count(*) FROM raw.grievances), (SELECT count(*) FROM staging.grievances)")
        assert kept.fetchall() == [(1 + bad_rows, 1 + bad_rows)]
    finally:
        con.close()
    status, code, detail, read, loaded = got[f"grievances/{bad.name}"]
    assert (read, loaded) == (bad_rows, bad_rows)
    return status, code, detail


def test_one_150_mb_line_is_rejected_unreadable_naming_the_line(tmp_path, load_all):
    def build(folder: Path) -> Path:
        path = folder / "20260906_bad.csv"
        with path.open("wb") as fh:  # a broken export: the whole file one line, no header to be found
            for _ in range(120):  # 150 MB of "x,一"
                fh.write(b"x,\xe4\xb8\x80" * (1 << 18))
        return path

    status, code, detail = night(tmp_path, load_all, build)
    assert (status, code) == ("rejected", "unreadable") and "line 1 " in detail


def test_a_150_mb_line_below_good_rows_rejects_the_file_streamed(tmp_path, load_all):
    def build(folder: Path) -> Path:
        path = write_csv(folder / "20260906_bad.csv",
                         [GRIEVANCE_HEADER] + [ticket(no=f"B-{i}") for i in range(60)])
        with path.open("ab") as fh:  # past the rows searched for a header, and big enough to be streamed
            fh.write(b"B-61," + b"y" * (150 << 20) + b"\r\n")
        return path

    status, code, detail = night(tmp_path, load_all, build)
    assert (status, code) == ("rejected", "unreadable") and "line 62 " in detail and "131072" in detail


def test_random_bytes_named_csv_are_bad_encoding(tmp_path, load_all):
    def build(folder: Path) -> Path:
        path = folder / "20260906_bad.csv"
        path.write_bytes(random.Random(12).randbytes(200_000))
        return path

    assert night(tmp_path, load_all, build)[:2] == ("rejected", "bad_encoding")


def test_utf16_csv_is_bad_encoding_saying_so(tmp_path, load_all):
    def build(folder: Path) -> Path:
        path = folder / "20260906_bad.csv"
        path.write_bytes((",".join(GRIEVANCE_HEADER) + "\r\n" + ",".join(ticket(no="U-1")) + "\r\n").encode("utf-16"))
        return path

    status, code, detail = night(tmp_path, load_all, build)
    assert (status, code) == ("rejected", "bad_encoding") and "UTF-16" in detail


def test_truncated_workbook_is_unreadable(tmp_path, load_all):
    def build(folder: Path) -> Path:
        whole = write_xlsx(folder.parent / "whole.xlsx", [GRIEVANCE_HEADER, ticket(no="T-1")]).read_bytes()
        path = folder / "20260906_bad.xlsx"
        path.write_bytes(whole[: len(whole) * 2 // 3])
        return path

    status, code, detail = night(tmp_path, load_all, build)
    assert (status, code) == ("rejected", "unreadable") and "XLSX" in detail and "\n" not in detail


def test_workbook_whose_sheet_is_cut_short_is_unreadable_not_partly_loaded(tmp_path, load_all):
    def build(folder: Path) -> Path:
        whole = write_xlsx(folder.parent / "whole.xlsx", [GRIEVANCE_HEADER] + [ticket(no=f"T-{i}") for i in range(9)])
        path = folder / "20260906_bad.xlsx"
        with zipfile.ZipFile(whole) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():  # a valid zip whose worksheet XML stops mid-row
                body = zin.read(item)
                zout.writestr(item, body[: len(body) * 3 // 4] if item.filename.endswith("sheet1.xml") else body)
        return path

    assert night(tmp_path, load_all, build)[:2] == ("rejected", "unreadable")


def test_csv_renamed_xlsx_is_unreadable_saying_what_it_is(tmp_path, load_all):
    def build(folder: Path) -> Path:
        return write_csv(folder / "20260906_bad.xlsx", [GRIEVANCE_HEADER, ticket(no="R-1")])

    status, code, detail = night(tmp_path, load_all, build)
    assert (status, code) == ("rejected", "unreadable") and "not a workbook: a CSV or text file renamed" in detail


def test_old_format_or_encrypted_workbook_named_xlsx_is_unreadable(tmp_path, load_all):
    def build(folder: Path) -> Path:
        path = folder / "20260906_bad.xlsx"
        path.write_bytes(OLE_SIGNATURE + random.Random(3).randbytes(8192))
        return path

    status, code, detail = night(tmp_path, load_all, build)
    assert (status, code) == ("rejected", "unreadable") and "old-format .xls or encrypted workbook" in detail


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_zero_byte_file_is_empty(tmp_path, load_all, suffix):
    def build(folder: Path) -> Path:
        path = folder / f"20260906_bad{suffix}"
        path.write_bytes(b"")
        return path

    assert night(tmp_path, load_all, build)[:2] == ("rejected", "empty")


def test_nul_bytes_in_the_header_are_unreadable_naming_the_line(tmp_path, load_all):
    def build(folder: Path) -> Path:
        path = folder / "20260906_bad.csv"
        header = ",".join(GRIEVANCE_HEADER).replace("受理时间", "受理\0\0时间")
        path.write_bytes(f"诉求工单\r\n{header}\r\n{','.join(ticket(no='N-1'))}\r\n".encode())
        return path

    status, code, detail = night(tmp_path, load_all, build)
    assert (status, code) == ("rejected", "unreadable") and "line 2 " in detail and "NUL" in detail


def test_an_unterminated_quote_swallowing_the_rest_rejects_the_file_naming_where(tmp_path, load_all):
    def build(folder: Path) -> Path:
        rows = [ticket(no=f"Q-{i}") for i in range(1, 200)]
        rows[2][5] = '"工伤'  # line 4: the quote is never closed, and would swallow every row below it
        path = folder / "20260906_bad.csv"
        path.write_bytes(("\r\n".join(",".join(r) for r in [GRIEVANCE_HEADER, *rows]) + "\r\n").encode())
        return path

    # Nothing silently lost: not "loaded with 3 rows", but turned away whole, pointing at line 4.
    status, code, detail = night(tmp_path, load_all, build)
    assert (status, code) == ("rejected", "unreadable") and "line 4" in detail


def formatted_empty_rows(path: Path, rows: int = 1_048_576) -> Path:
    """A workbook with one ticket under its header, then formatted empty rows to the sheet's last row."""
    base = write_xlsx(path.parent / "base.xlsx", [GRIEVANCE_HEADER, ticket(no="E-1")], title=None)
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # what an office suite saves: a used range to the end
                blank = "".join(f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>'
                                for r in range(3, rows + 1))
                body = (body.decode().replace('<dimension ref="A1:L2"/>', f'<dimension ref="A1:L{rows}"/>')
                        .replace("</sheetData>", blank + "</sheetData>").encode())
            zout.writestr(item, body)
    base.unlink()
    return path


READ_IN_CHILD = """
import sys, time, datetime as dt
from pathlib import Path
from pipelines.ingest.read.discover import RawFile
from pipelines.ingest.read.reader import read_sheet
from pipelines.ingest.specs import SOURCES
start = time.monotonic()
f = RawFile(Path(sys.argv[1]), "grievances", "0" * 64, 0, dt.date(2026, 9, 6))
with read_sheet(f, SOURCES["grievances"]) as sheet:
    rows = sum(chunk.height for chunk in sheet.chunks(1 << 20))
# VmHWM, not ru_maxrss: the latter carries over the parent's peak across fork and exec.
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(rows, time.monotonic() - start, peak_kb // 1024)
"""


def test_a_million_formatted_empty_rows_load_the_real_row(tmp_path, load_all):
    started = time.monotonic()
    fate = night(tmp_path, load_all, lambda folder: formatted_empty_rows(folder / "20260906_bad.xlsx"), bad_rows=1)
    assert fate[:2] == ("loaded", None)
    assert time.monotonic() - started < 60  # measured: about 15 s, most of it building the workbook


def test_formatted_empty_rows_are_read_lazily(tmp_path):
    path = formatted_empty_rows(tmp_path / "20260906_big.xlsx")
    done = subprocess.run([sys.executable, "-c", READ_IN_CHILD, str(path)], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).parents[1])
    rows, seconds, peak_mb = done.stdout.split()
    assert int(rows) == 1
    # Measured: 1.5-3 s and 140 MB; a reader holding a million rows of twelve cells twice would pass 1 GB.
    assert float(seconds) < 30 and int(peak_mb) < 600, (seconds, peak_mb)


def test_a_symbolic_link_out_of_the_landing_zone_is_rejected_never_followed(tmp_path, load_all):
    def build(folder: Path) -> Path:
        outside = write_csv(folder.parent.parent / "elsewhere" / "secret.csv", [GRIEVANCE_HEADER, ticket(no="S-1")])
        path = folder / "20260906_bad.csv"
        path.symlink_to(outside)
        return path

    status, code, detail = night(tmp_path, load_all, build)
    assert (status, code) == ("rejected", "unreadable") and "symbolic link" in detail


def test_a_file_that_fails_unforeseen_is_rejected_named_and_the_next_file_loads(tmp_path):
    """A file gone between discovery and reading (no rule foresees it) fails in both the early and streamed paths."""
    raw = landing(tmp_path)
    write_csv(raw / "grievances" / "20260906_early.csv", [GRIEVANCE_HEADER, ticket(no="V-1")])
    write_csv(raw / "grievances" / "20260906_streamed.csv", [GRIEVANCE_HEADER, ticket(no="V-2")])
    write_csv(raw / GOOD, [GRIEVANCE_HEADER, ticket()])
    con = connect(tmp_path / "w.duckdb")
    try:
        load_source(con, raw, "regions", b"k", "run")
        build_core(con, "regions")
        source = SOURCES["grievances"]
        ensure_tables(con, source)
        files = {f.name: f for f in discover(raw, ("grievances",))}
        for name in ("20260906_early.csv", "20260906_streamed.csv"):
            files[name].path.unlink()  # found, then gone before it is read
        refs = references_at(con, "grievances", files["20260905_good.csv"].batch_date)
        outcomes = [load_file(con, files["20260905_good.csv"], b"k", "run", refs=refs)]
        early = judged_early(files["20260906_early.csv"], source, refs, b"k")
        outcomes.append(load_file(con, files["20260906_early.csv"], b"k", "run", refs=refs, early=early))
        outcomes.append(load_file(con, files["20260906_streamed.csv"], b"k", "run", refs=refs))
    finally:
        con.close()
    assert [(o.status, o.reason_code) for o in outcomes] == [
        ("loaded", None), ("rejected", "unreadable"), ("rejected", "unreadable")]
    for o in outcomes[1:]:
        assert "FileNotFoundError" in o.reason_detail and "\n" not in o.reason_detail
    got = statuses(tmp_path / "w.duckdb")
    assert got["grievances/20260906_early.csv"][:2] == ("rejected", "unreadable")
    assert got["grievances/20260906_streamed.csv"][:2] == ("rejected", "unreadable")


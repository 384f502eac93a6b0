"""Loading the new files of one source: each file judged whole, then written atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.ingest.discover import RawFile, discover
from pipelines.ingest.errors import FileRejected
from pipelines.ingest.evaluate import Evaluated, evaluate
from pipelines.ingest.read_csv import read_csv
from pipelines.ingest.read_xlsx import read_xlsx
from pipelines.ingest.references import current_references
from pipelines.ingest.regions import check_regions
from pipelines.ingest.registry import FileOutcome, already_seen, loaded_copy_of, record
from pipelines.ingest.rules import References
from pipelines.ingest.sheet import Sheet
from pipelines.ingest.specs import SOURCES, Source
from pipelines.ingest.store import ensure_tables, store_raw, store_reasons, store_staging

Progress = Callable[[str], None]


def read_sheet(f: RawFile, source: Source) -> Sheet:
    """The file's rows, by its suffix; FileRejected when it cannot be read as the standard says."""
    reader = read_xlsx if f.path.suffix.lower() == ".xlsx" else read_csv
    return reader(f.path, source)


def judge(con: duckdb.DuckDBPyConnection, f: RawFile, source: Source) -> tuple[Sheet, Evaluated]:
    """Read and evaluate one file; a regions file that breaks its own rules is rejected whole."""
    sheet = read_sheet(f, source)
    refs = References(frozenset(), frozenset()) if source.name == "regions" else current_references(con, source.name)
    ev = evaluate(sheet.frame, source, f.batch_date, refs)
    if source.name == "regions":
        check_regions(ev)
    return sheet, ev


def load_file(con: duckdb.DuckDBPyConnection, f: RawFile, pii_key: bytes, run_id: str) -> FileOutcome:
    """Judge one new file and write everything it yields in one transaction."""
    source = SOURCES[f.source]
    if f.batch_date is None:
        outcome = FileOutcome(f, "rejected", "bad_file_name",
                              f"文件名 {f.name} 不以有效日期 YYYYMMDD_ 开头，或不是 .csv/.xlsx")
        return _commit(con, outcome, run_id)
    copy = loaded_copy_of(con, f)
    if copy:
        return _commit(con, FileOutcome(f, "duplicate", duplicate_of=copy), run_id)
    try:
        sheet, ev = judge(con, f, source)
    except FileRejected as rej:
        return _commit(con, FileOutcome(f, "rejected", rej.code, rej.detail), run_id)
    outcome = FileOutcome(
        f, "loaded", encoding=sheet.encoding, header_row=sheet.header_row_number,
        rows_read=sheet.frame.height, rows_loaded=ev.count("loaded"), rows_duplicate=ev.count("duplicate"),
        rows_quarantined=ev.count("quarantined"), rows_warned=int(ev.reasons.filter(
            ev.reasons["severity"] == "warn")["__row"].n_unique()),
    )

    def write() -> None:
        store_raw(con, f, sheet, source)
        store_staging(con, f, ev, source, pii_key)
        store_reasons(con, f, sheet, ev, source, run_id)

    return _commit(con, outcome, run_id, write)


def _commit(con: duckdb.DuckDBPyConnection, outcome: FileOutcome, run_id: str,
            write: Callable[[], None] | None = None) -> FileOutcome:
    """Everything a file yields, and its registry row, land together or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        if write:
            write()
        record(con, outcome, run_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return outcome


def load_source(con: duckdb.DuckDBPyConnection, raw_dir: Path, source: str, pii_key: bytes, run_id: str,
                progress: Progress = lambda _msg: None) -> list[FileOutcome]:
    """Load every not-yet-seen file of one source, in batch order; returns what became of each."""
    ensure_tables(con, SOURCES[source])
    new = [f for f in discover(raw_dir, (source,)) if not already_seen(con, f)]
    outcomes = []
    for i, f in enumerate(new, 1):
        progress(f"[{source} {i}/{len(new)}] {f.name} ({f.size / 1e6:.1f} MB)")
        outcome = load_file(con, f, pii_key, run_id)
        progress(f"[{source} {i}/{len(new)}] {f.name}: {describe(outcome)}")
        outcomes.append(outcome)
    return outcomes


def describe(o: FileOutcome) -> str:
    """One line for an officer: what became of the file, in English and Chinese."""
    if o.status == "loaded":
        return (f"loaded: read {o.rows_read}, loaded {o.rows_loaded}, duplicates {o.rows_duplicate}, "
                f"quarantined {o.rows_quarantined}, warned {o.rows_warned}")
    if o.status == "duplicate":
        return f"duplicate of {o.duplicate_of} — {o.reason_zh}"
    return f"REJECTED {o.reason_code} — {o.reason_zh}：{o.reason_detail}"

"""Loading the new files of one source: each file read (small ones one file ahead), judged, and written atomically."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.ingest.errors import FileLoadFailed, FileRejected, is_file_failure, one_line, unforeseen
from pipelines.ingest.judge.chunks import Early
from pipelines.ingest.judge.evaluate import evaluate
from pipelines.ingest.judge.references import references_at, references_by_file
from pipelines.ingest.judge.regions import check_regions
from pipelines.ingest.judge.rules import References, codes
from pipelines.ingest.progress import FileProgress
from pipelines.ingest.read.discover import RawFile, discover
from pipelines.ingest.read.reader import read_sheet
from pipelines.ingest.specs import SOURCES, Source
from pipelines.ingest.write.bulk import bulk_settings
from pipelines.ingest.write.early import files_ahead
from pipelines.ingest.write.raw_layer import discard, file_folder, sweep
from pipelines.ingest.write.registry import FileOutcome, known_hashes, loaded_copy_of, record, seen_ids
from pipelines.ingest.write.store import ensure_tables, store_reasons
from pipelines.ingest.write.stream import CHUNK_ROWS, drop_scratch, settle, store_rows

Progress = Callable[[str], None]


def prepare(con: duckdb.DuckDBPyConnection, f: RawFile, source: Source, chunk_rows: int,
            refs: References | None = None):
    """(sheet, references, chunks()): a regions file, the reference of all others, is judged whole first."""
    sheet = read_sheet(f, source)
    if source.name != "regions":
        return sheet, refs or references_at(con, source.name, f.batch_date), lambda: sheet.chunks(chunk_rows)
    refs = References(codes(), codes())
    with contextlib.ExitStack() as on_error:
        on_error.callback(sheet.close)
        frame = sheet.whole()
        check_regions(evaluate(frame, source, f.batch_date, refs))
        on_error.pop_all()
    return sheet, refs, lambda: [frame]


def misnamed(f: RawFile) -> FileOutcome:
    """The rejection of a file whose name carries no batch date (or is not .csv/.xlsx)."""
    return FileOutcome(f, "rejected", "bad_file_name", f"文件名 {f.name} 不以有效日期 YYYYMMDD_ 开头，或不是 .csv/.xlsx")


def load_file(con: duckdb.DuckDBPyConnection, f: RawFile, pii_key: bytes, run_id: str,
              chunk_rows: int = CHUNK_ROWS, refs: References | None = None,
              early: Early | FileRejected | None = None, progress: FileProgress | None = None) -> FileOutcome:
    """Judge one new file and write everything it yields in one transaction.

    `refs`: what the rows are checked against (read from the warehouse when not given: the references in
    force on the file's batch date, references.py); `early`: the file already read and judged against
    `refs` (early.py), or why reading it turned it away; `progress`: told of a streamed file's chunks. A
    failure no rule foresaw rejects the file as `unreadable` with the error's first line, and the night goes on.
    """
    try:
        return _load_file(con, f, pii_key, run_id, chunk_rows, refs, early, progress)
    except BaseException as exc:  # whatever broke, it broke on this file: turn it away, named
        if not is_file_failure(exc):
            raise
        rejected = FileOutcome(f, "rejected", "unreadable", unforeseen(exc).detail)
        try:
            discard(file_folder(con, f.source, f.file_id))  # raw parts written before the failure
            return _commit(con, lambda: rejected, run_id)
        except Exception as again:  # the warehouse itself is failing: stop the night, naming the file
            raise FileLoadFailed(f"{f.rel_path}: {one_line(exc)} (then: {one_line(again)})") from exc


def _load_file(con: duckdb.DuckDBPyConnection, f: RawFile, pii_key: bytes, run_id: str, chunk_rows: int,
               refs: References | None, early: Early | FileRejected | None,
               progress: FileProgress | None = None) -> FileOutcome:
    """load_file's work, where only the rejections the rules foresee are caught."""
    source = SOURCES[f.source]
    if f.refused:
        return _commit(con, lambda: FileOutcome(f, "rejected", "unreadable", f.refused), run_id)
    if f.batch_date is None:
        outcome = misnamed(f)
        return _commit(con, lambda: outcome, run_id)
    copy = loaded_copy_of(con, f)
    if copy:
        return _commit(con, lambda: FileOutcome(f, "duplicate", duplicate_of=copy), run_id)
    try:
        if isinstance(early, FileRejected):
            raise early
        sheet, refs, chunks = (early.sheet, refs, None) if early else prepare(con, f, source, chunk_rows, refs)
        with sheet:

            def write() -> FileOutcome:
                read = store_rows(con, f, chunks, source, refs, pii_key, early, progress)
                tally = settle(con, source, read)
                store_reasons(con, f, sheet, tally, source, run_id)
                drop_scratch(con)
                return FileOutcome(
                    f, "loaded", encoding=sheet.encoding, header_row=sheet.header_row_number, rows_read=tally.read,
                    rows_loaded=tally.loaded, rows_duplicate=tally.duplicates, rows_quarantined=tally.quarantined,
                    rows_warned=tally.warned, headers=sheet.header.headers)

            return _commit(con, write, run_id)
    except FileRejected as rej:  # before or while reading its rows: nothing of the file was kept
        rejected = FileOutcome(f, "rejected", rej.code, rej.detail)
        return _commit(con, lambda: rejected, run_id)


def _commit(con: duckdb.DuckDBPyConnection, write: Callable[[], FileOutcome], run_id: str) -> FileOutcome:
    """Everything a file yields, and its registry row, land together or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        outcome = write()
        record(con, outcome, run_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return outcome


def load_source(con: duckdb.DuckDBPyConnection, raw_dir: Path, source: str, pii_key: bytes, run_id: str,
                progress: Progress = lambda _msg: None, chunk_rows: int = CHUNK_ROWS,
                progress_every: float = 5.0) -> list[FileOutcome]:
    """Load every not-yet-seen file of one source, in batch order; returns what became of each.

    A streamed file still loading after `progress_every` seconds says how far it is, that often (progress.py).

    Only new or changed files are hashed: a file whose path, size and mtime are in the registry keeps
    the fingerprint recorded there.
    """
    sweep(con, source)  # first: the view over the raw layer reads every part left there
    ensure_tables(con, SOURCES[source])
    seen = seen_ids(con, source)
    new = [f for f in discover(raw_dir, (source,), known_hashes(con, source)) if f.file_id not in seen]
    # Loading one source changes none of its own references (regions are read from staging, units from
    # staging before mediation loads), so each file's are read before any loads: those in force on its
    # batch date.
    refs = references_by_file(con, source, new) if new and source != "regions" else {}
    outcomes = []
    with bulk_settings(con, checkpoint=bool(new), beside_judging=True):
        # Asking for chunks smaller than the default (tests of the streamed path) streams every file.
        ahead_refs = refs if chunk_rows >= CHUNK_ROWS else {}
        for i, (f, early) in enumerate(files_ahead(new, SOURCES[source], ahead_refs, pii_key), 1):
            label = f"[{source} {i}/{len(new)}] {f.name}"
            if early is None:  # a file streamed in chunks may take a while: say it started
                progress(f"{label} ({f.size / 1e6:.1f} MB)")
            try:
                with FileProgress(label, f.size if f.path.suffix.lower() == ".csv" else 0, progress,
                                  progress_every) as going:
                    outcome = load_file(con, f, pii_key, run_id, chunk_rows, refs.get(f.file_id), early, going)
            except Exception as exc:
                exc.unionpipe_file = f.rel_path  # the step's refusal names the file (ingest/assets.py)
                raise
            progress(f"{label}: {describe(outcome)}")
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

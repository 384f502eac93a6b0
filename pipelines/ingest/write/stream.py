"""Writing one file chunk by chunk, so that memory stays flat however large the file.

Pass one reads the file and writes its raw rows (Parquet, see raw_layer.py), noting each row's key
(as a hash of its cleaned, upper-cased text). The in-file duplicate rule needs the whole file, and
now the keys that repeat are known. Pass two reads the raw rows back (columnar, much cheaper than
parsing the CSV again), judges each chunk (chunks.py) and writes its staging rows, except the rows of repeated
keys: those wait in a temporary table until the last chunk is in, when duplicates are settled
(sql/ingest/fates.sql) and the rows that survive join staging. Nothing is written to staging that
has to be taken out again, and all of it happens inside the file's one transaction.

A small file (most nights' files) is read and judged whole before its turn, while the file before
it is written (early.py): then only the writing happens in its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import duckdb
import polars as pl
import pyarrow as pa

from pipelines.ingest.judge.chunks import Early, Prepared, hashed, prepared, repeated_keys
from pipelines.ingest.judge.duplicates import folded_keys
from pipelines.ingest.judge.rules import References
from pipelines.ingest.progress import FileProgress
from pipelines.ingest.read.discover import RawFile
from pipelines.ingest.read.sheet import XL, no_rows
from pipelines.ingest.specs import Source
from pipelines.ingest.write.ahead import ahead
from pipelines.ingest.write.raw_layer import discard, file_folder, raw_frame, read_parts, write_part
from pipelines.ingest.write.store import Tally, store_staging
from pipelines.warehouse import read_sql

CHUNK_ROWS = 500_000  # rows judged at a time: big enough for bulk speed, small enough for flat memory
HELD = "temp.ingest_held"

Chunks = Callable[[], Iterable[pl.DataFrame]]


def store_rows(con: duckdb.DuckDBPyConnection, f: RawFile, chunks: Chunks, source: Source, refs: References,
               pii_key: bytes, early: Early | None = None, progress: FileProgress | None = None) -> int:
    """Write the file's raw rows, its final staging rows, and hold back the rest; the rows read.

    `chunks()` yields the file's rows chunk by chunk (called again for a file held in memory);
    `early`: the file already read and judged (see early.py), so only the writing is left;
    `progress`: told of each chunk read and written (progress.py).
    """
    progress = progress or FileProgress.silent()
    folder = file_folder(con, source.name, f.file_id)
    discard(folder)  # what an earlier, unfinished attempt left
    try:
        if early is not None:
            return _store_early(con, folder, f, early, source)
        read, keys, shadowed = _store_raw(folder, f, ahead(chunks()), source, progress)  # parse n+1 while n is written
        if read == 0:
            raise no_rows()
        # Excel date shadows are not kept in raw: a workbook (in memory anyway) is judged from itself.
        again = progress.judging(chunks() if shadowed else read_parts(folder, source), read)
        _write_judged(con, f, source, ahead(hashed(ahead(
            prepared(again, source, f.batch_date, refs, repeated_keys(keys))), source, pii_key)), progress)
        progress.settling()
    except BaseException:
        discard(folder)
        raise
    return read


def _store_early(con: duckdb.DuckDBPyConnection, folder, f: RawFile, early: Early, source: Source) -> int:
    """Write a file judged ahead of its turn: its raw parts, then its judged chunks; the rows read."""
    read = sum(frame.height for frame in early.frames)
    if read == 0:
        raise no_rows()
    for i, frame in enumerate(early.frames):
        write_part(folder, i, raw_frame(f.file_id, frame, source))
    _write_judged(con, f, source, early.judged)
    return read


def _store_raw(folder, f: RawFile, chunks: Iterable[pl.DataFrame], source: Source,
               progress: FileProgress) -> tuple[int, pl.Series, bool]:
    """Pass one: raw parts written; (rows read, folded key of every keyed row, whether Excel shadows came)."""
    read, keys, shadowed = 0, [], False
    for frame in chunks:
        if frame.height == 0:
            continue
        write_part(folder, len(keys), raw_frame(f.file_id, frame, source))
        keys.append(folded_keys(frame.get_column(source.key)))
        shadowed = shadowed or any(c.endswith(XL) for c in frame.columns)
        read += frame.height
        progress.read(frame)
    return read, pl.concat(keys) if keys else pl.Series("k", [], dtype=pl.UInt64), shadowed


def _write_judged(con: duckdb.DuckDBPyConnection, f: RawFile, source: Source, judged: Iterable[Prepared],
                  progress: FileProgress | None = None) -> None:
    """Pass two's writing: each judged chunk's staging rows, held rows, repeated keys and hits.

    A big file's chunks come through three stages a chunk apart: judged (a thread), personal values
    hashed and masked (another: hashing holds the GIL, judging mostly does not), then written here while
    DuckDB works without the GIL.
    """
    con.execute(read_sql("ingest/scratch.sql"))
    con.execute(f"CREATE OR REPLACE TEMP TABLE ingest_held AS FROM staging.{source.name} LIMIT 0")
    for ready in judged:
        store_staging(con, f, ready.final, source)
        store_staging(con, f, ready.held, source, target=HELD)
        _append(con, "ingest_keys", ready.keys)
        _append(con, "ingest_hits", ready.hits)
        if progress:
            progress.written()


def _append(con: duckdb.DuckDBPyConnection, table: str, chunk_rows: pa.Table) -> None:
    """Append rows to a temporary table with the same columns in the same order (read by name, see store.py)."""
    if chunk_rows.num_rows:
        con.execute(f"INSERT INTO {table} SELECT * FROM chunk_rows")


def settle(con: duckdb.DuckDBPyConnection, source: Source, read: int) -> Tally:
    """Decide duplicates over the whole file, load the held rows that survive, and count rows by fate."""
    con.execute(read_sql("ingest/fates.sql"))
    con.execute(f"INSERT INTO staging.{source.name} SELECT * FROM {HELD} "
                "WHERE row_number NOT IN (SELECT row FROM ingest_fates) ORDER BY row_number")
    con.execute(read_sql("ingest/reasons.sql"), {"key_column": source.key})
    counts = con.execute(read_sql("ingest/tally.sql"), {"rows_read": read}).fetchall()[0]
    return Tally(read, *counts)


def drop_scratch(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the temporary tables of the file just written."""
    for table in ("ingest_keys", "ingest_hits", "ingest_held", "ingest_fates", "ingest_reasons"):
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")

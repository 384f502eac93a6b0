"""Writing one file chunk by chunk, so that memory stays flat however large the file.

Pass one reads the file and writes its raw rows (Parquet, see raw_layer.py), noting each row's key
(as a hash of its cleaned, upper-cased text). The in-file duplicate rule needs the whole file, and
now the keys that repeat are known. Pass two reads the raw rows back (columnar, much cheaper than
parsing the CSV again), judges each chunk and writes its staging rows, except the rows of repeated
keys: those wait in a temporary table until the last chunk is in, when duplicates are settled
(sql/ingest/fates.sql) and the rows that survive join staging. Nothing is written to staging that
has to be taken out again, and all of it happens inside the file's one transaction.

A small file (most nights' files) is read and judged whole before its turn, while the file before
it is written (early.py): then only the writing happens in its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import duckdb
import polars as pl
import pyarrow as pa

from pipelines.ingest.ahead import ahead
from pipelines.ingest.discover import RawFile
from pipelines.ingest.duplicates import folded, folded_keys, signature
from pipelines.ingest.evaluate import judge
from pipelines.ingest.raw_layer import discard, file_folder, raw_frame, read_parts, write_part
from pipelines.ingest.rules import References
from pipelines.ingest.sheet import ROW, XL, Sheet, no_rows
from pipelines.ingest.specs import Source
from pipelines.ingest.store import Tally, pseudonymised_values, staging_values, store_staging
from pipelines.warehouse import read_sql

CHUNK_ROWS = 500_000  # rows judged at a time: big enough for bulk speed, small enough for flat memory
HELD = "temp.ingest_held"
HIT_SCHEMA = {ROW: pl.Int32, "column_name": pl.String, "reason_code": pl.String, "severity": pl.String,
              "raw_value": pl.String, "record_key": pl.String}

Chunks = Callable[[], Iterable[pl.DataFrame]]


def store_rows(con: duckdb.DuckDBPyConnection, f: RawFile, chunks: Chunks, source: Source, refs: References,
               pii_key: bytes, early: Early | None = None) -> int:
    """Write the file's raw rows, its final staging rows, and hold back the rest; the rows read.

    `chunks()` yields the file's rows chunk by chunk (called again for a file held in memory);
    `early`: the file already read and judged (see early.py), so only the writing is left.
    """
    folder = file_folder(con, source.name, f.file_id)
    discard(folder)  # what an earlier, unfinished attempt left
    try:
        if early is not None:
            return _store_early(con, folder, f, early, source)
        read, keys, shadowed = _store_raw(folder, f, ahead(chunks()), source)  # parse n+1 while n is written
        if read == 0:
            raise no_rows()
        # Excel date shadows are not kept in raw: a workbook (in memory anyway) is judged from itself.
        again = chunks() if shadowed else read_parts(folder, source)
        _write_judged(con, f, source, ahead(_hashed(ahead(
            _prepared(again, source, f.batch_date, refs, repeated_keys(keys))), source, pii_key)))
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


def repeated_keys(keys: pl.Series) -> pl.Series:
    """The folded keys that occur more than once in the file (their rows wait for the duplicate rule)."""
    return keys.filter(keys.is_duplicated()).unique().implode()


def _store_raw(folder, f: RawFile, chunks: Iterable[pl.DataFrame], source: Source) -> tuple[int, pl.Series, bool]:
    """Pass one: raw parts written; (rows read, folded key of every keyed row, whether Excel shadows came)."""
    read, keys, shadowed = 0, [], False
    for frame in chunks:
        if frame.height == 0:
            continue
        write_part(folder, len(keys), raw_frame(f.file_id, frame, source))
        keys.append(folded_keys(frame.get_column(source.key)))
        shadowed = shadowed or any(c.endswith(XL) for c in frame.columns)
        read += frame.height
    return read, pl.concat(keys) if keys else pl.Series("k", [], dtype=pl.UInt64), shadowed


@dataclass
class Early:
    """A small file read and judged before its turn (see early.py): only its writing is left."""

    sheet: Sheet
    frames: list[pl.DataFrame]  # its rows as read, for the raw layer
    judged: list[Prepared]  # its chunks judged and hashed


@dataclass
class Prepared:
    """One judged chunk made ready for DuckDB (Arrow tables), so that the writing thread only inserts."""

    final: pa.Table | pl.DataFrame  # staging values of the rows that load now (a frame until hashed)
    held: pa.Table | pl.DataFrame  # staging values of loadable rows whose key repeats in the file
    keys: pa.Table  # row, k, sig, raw_key of every row whose key repeats
    hits: pa.Table  # row, column_name, reason_code, severity, raw_value, record_key


def _write_judged(con: duckdb.DuckDBPyConnection, f: RawFile, source: Source, judged: Iterable[Prepared]) -> None:
    """Pass two's writing: each judged chunk's staging rows, held rows, repeated keys and hits.

    A big file's chunks come through three stages a chunk apart: judged (a thread), personal keys
    hashed (another: hashing holds the GIL, judging mostly does not), then written here while DuckDB
    works without the GIL.
    """
    con.execute(read_sql("ingest/scratch.sql"))
    con.execute(f"CREATE OR REPLACE TEMP TABLE ingest_held AS FROM staging.{source.name} LIMIT 0")
    for ready in judged:
        store_staging(con, f, ready.final, source)
        store_staging(con, f, ready.held, source, target=HELD)
        _append(con, "ingest_keys", ready.keys)
        _append(con, "ingest_hits", ready.hits)


def judged_in_memory(f: RawFile, frames: list[pl.DataFrame], source: Source, refs: References,
                     pii_key: bytes) -> list[Prepared]:
    """Every chunk of a file held in memory, judged and hashed, ready for `_write_judged`."""
    keys = [folded_keys(frame.get_column(source.key)) for frame in frames]
    repeated = repeated_keys(pl.concat(keys) if keys else pl.Series("k", [], dtype=pl.UInt64))
    return list(_hashed(_prepared(frames, source, f.batch_date, refs, repeated), source, pii_key))


def _prepared(chunks: Iterable[pl.DataFrame], source: Source, batch_date: dt.date, refs: References,
              repeated: pl.Series) -> Iterator[Prepared]:
    """Each non-empty chunk judged; rows whose key repeats in the file are held back until it is all in."""
    for frame in chunks:
        if frame.height == 0:
            continue
        judged = judge(frame, source, batch_date, refs)
        held = folded(pl.col("t_" + source.key)).is_in(repeated) & pl.col("k").is_not_null()
        rows = judged.rows.with_columns(held.alias("held"))
        loadable = rows.filter(~pl.col("rejected"))
        repeats = rows.filter(pl.col("held"))
        raw_keys = frame.select(ROW, pl.col(source.key).alias("raw_key"))
        keys = (repeats.select(ROW, "k", signature(source)).join(raw_keys, on=ROW, how="left")
                .with_columns(pl.col(ROW).cast(pl.Int32)))
        yield Prepared(staging_values(loadable.filter(~pl.col("held")), source),
                       staging_values(loadable.filter(pl.col("held")), source),
                       keys.to_arrow(), _with_raw_values(judged.hits, frame, source).to_arrow())


def _hashed(prepared: Iterable[Prepared], source: Source, pii_key: bytes) -> Iterator[Prepared]:
    """Each prepared chunk with its personal values hashed and masked, its staging values as Arrow tables."""
    for ready in prepared:
        yield Prepared(pseudonymised_values(ready.final, source, pii_key),
                       pseudonymised_values(ready.held, source, pii_key), ready.keys, ready.hits)


def _with_raw_values(hits: pl.DataFrame, frame: pl.DataFrame, source: Source) -> pl.DataFrame:
    """The hits with the cell they point at, and the row's key, as written."""
    if hits.height == 0:
        return pl.DataFrame(schema=HIT_SCHEMA)
    names = [c.name for c in source.columns]
    cells = (frame.join(hits.select(ROW).unique(), on=ROW, how="semi")
             .select(ROW, pl.col(source.key).alias("record_key"), *names)
             .unpivot(index=[ROW, "record_key"], on=names, variable_name="column_name", value_name="raw_value"))
    return hits.join(cells, on=[ROW, "column_name"], how="left").select(
        pl.col(ROW).cast(pl.Int32), "column_name", "reason_code", "severity", "raw_value", "record_key")


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

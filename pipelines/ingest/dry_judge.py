"""Judging one file for a dry run down the load's own path, in chunks, so that memory stays flat.

Pass one notes every row's folded key (as write/stream.py does), pass two judges each chunk with `prepared`
(judge/chunks.py), and the load's own SQL settles duplicates and fates (sql/ingest/scratch, fates, reasons,
tally) — in a private in-memory DuckDB instead of the warehouse. Only the rows that would be quarantined
are read a third time, for the correction workbook. A regions file is judged whole, as the load does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl
import pyarrow as pa

from pipelines.ingest.judge.chunks import prepared, repeated_keys
from pipelines.ingest.judge.duplicates import folded_keys
from pipelines.ingest.judge.evaluate import evaluate
from pipelines.ingest.judge.regions import check_regions
from pipelines.ingest.judge.rules import References
from pipelines.ingest.read.discover import RawFile
from pipelines.ingest.read.reader import read_sheet
from pipelines.ingest.read.sheet import ROW, XL, Sheet, no_rows
from pipelines.ingest.specs import Source
from pipelines.ingest.write.stream import CHUNK_ROWS
from pipelines.warehouse import read_sql


@dataclass
class Judgement:
    """A file judged: its counts by fate, its header as written, and what it would load and turn away."""

    headers: list[str]
    read: int
    duplicates: int
    quarantined: int
    warned: int
    reasons: pl.DataFrame  # __row, column_name, reason_code of the rows that would be quarantined
    rows: pl.DataFrame  # those rows as read (the sheet's text columns, __row, __extra)
    loading_keys: pl.Series  # the key of every row that would load
    regions: pl.DataFrame | None = None  # a regions file: code and level of every row that would load


def judgement(f: RawFile, source: Source, refs: References, chunk_rows: int = CHUNK_ROWS) -> Judgement:
    """The file read and judged as the load would; FileRejected when the load would turn it away whole."""
    with read_sheet(f, source) as sheet:
        if source.name == "regions":
            return _regions(sheet, f.batch_date, source, refs)
        return _streamed(sheet, f.batch_date, source, refs, chunk_rows)


def _regions(sheet: Sheet, batch_date: dt.date, source: Source, refs: References) -> Judgement:
    """A regions file, judged whole and taken whole or not at all (load.prepare)."""
    frame = sheet.whole()
    ev = evaluate(frame, source, batch_date, refs)
    check_regions(ev)  # raises: no row of a regions file is ever quarantined
    loading = ev.rows.filter(~pl.col("duplicate"))
    warned = ev.reasons.filter(pl.col("severity") == "warn").get_column(ROW).n_unique()
    return Judgement(sheet.header.headers, frame.height, ev.rows.height - loading.height, 0, warned,
                     pl.DataFrame(schema={ROW: pl.Int64, "column_name": pl.String, "reason_code": pl.String}),
                     frame.clear(), loading.get_column("v_" + source.key),
                     loading.select(pl.col("v_code").alias("code"), pl.col("v_level").alias("level")))


def _streamed(sheet: Sheet, batch_date: dt.date, source: Source, refs: References, chunk_rows: int) -> Judgement:
    """Any other file: chunk by chunk, settled by the load's SQL in a private in-memory database."""
    keys, read = [], 0
    for frame in sheet.chunks(chunk_rows):  # pass one: the keys that repeat in the file
        keys.append(folded_keys(frame.get_column(source.key)))
        read += frame.height
    if read == 0:
        raise no_rows()
    repeated = repeated_keys(pl.concat(keys))
    mem = duckdb.connect()
    try:
        mem.execute(read_sql("ingest/scratch.sql"))
        mem.execute("CREATE TEMP TABLE dry_loading (row INTEGER, k VARCHAR)")
        for ready in prepared(sheet.chunks(chunk_rows), source, batch_date, refs, repeated):
            loading = pl.concat([ready.final, ready.held]).select(  # noqa: F841 (read by name)
                pl.col(ROW).alias("row"), pl.col(source.key).cast(pl.String).alias("k")).to_arrow()
            for table, chunk_rows_ in (("ingest_keys", ready.keys), ("ingest_hits", ready.hits),
                                       ("dry_loading", loading)):
                _append(mem, table, chunk_rows_)
        mem.execute(read_sql("ingest/fates.sql"))
        mem.execute(read_sql("ingest/reasons.sql"), {"key_column": source.key})
        _loaded, duplicates, quarantined, warned = mem.execute(
            read_sql("ingest/tally.sql"), {"rows_read": read}).fetchall()[0]
        reasons = pl.from_arrow(mem.sql(
            f"SELECT row::BIGINT AS {ROW}, column_name, reason_code FROM ingest_reasons WHERE severity = 'reject' "
            "ORDER BY row, column_name").to_arrow_table())
        loading_keys = pl.from_arrow(mem.sql(
            "SELECT k FROM dry_loading WHERE row NOT IN (SELECT row FROM ingest_fates) AND k IS NOT NULL"
        ).to_arrow_table()).to_series()
    finally:
        mem.close()
    return Judgement(sheet.header.headers, read, duplicates, quarantined, warned, reasons,
                     _rows_of(sheet, reasons, chunk_rows), loading_keys)


def _append(mem: duckdb.DuckDBPyConnection, table: str, chunk_rows: pa.Table) -> None:
    """Append rows to a temporary table with the same columns in the same order (read by name)."""
    if chunk_rows.num_rows:
        mem.execute(f"INSERT INTO {table} SELECT * FROM chunk_rows")


def _rows_of(sheet: Sheet, reasons: pl.DataFrame, chunk_rows: int) -> pl.DataFrame:
    """Pass three, only when some row would be quarantined: those rows as read."""
    wanted = reasons.select(ROW).unique()
    if wanted.height == 0:
        return pl.DataFrame()
    parts = [frame.join(wanted, on=ROW, how="semi") for frame in sheet.chunks(chunk_rows)]
    rows = pl.concat([p for p in parts if p.height], how="diagonal_relaxed")
    return rows.drop(c for c in rows.columns if c.endswith(XL))

"""Judging a file's chunks into what the writer inserts: staging values (personal data hashed and masked),
the rows held back because their key repeats in the file, and every rule broken with the cell as written.

Nothing here touches the warehouse, so it runs in threads beside the writer (write/stream.py, write/early.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import polars as pl
import pyarrow as pa

from pipelines.ingest.judge.duplicates import folded, folded_keys, signature
from pipelines.ingest.judge.evaluate import judge
from pipelines.ingest.judge.rules import References
from pipelines.ingest.read.discover import RawFile
from pipelines.ingest.read.sheet import ROW, Sheet
from pipelines.ingest.specs import Source
from pipelines.ingest.write.store import pseudonymised_values, staging_values

HIT_SCHEMA = {ROW: pl.Int32, "column_name": pl.String, "reason_code": pl.String, "severity": pl.String,
              "raw_value": pl.String, "record_key": pl.String}


@dataclass
class Early:
    """A small file read and judged before its turn (see write/early.py): only its writing is left."""

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


def repeated_keys(keys: pl.Series) -> pl.Series:
    """The folded keys that occur more than once in the file (their rows wait for the duplicate rule)."""
    # Sorted, a repeat sits next to its twin: 3x faster than is_duplicated's hash table on 10M keys, and it
    # runs between the two passes, when nothing else does.
    ordered = keys.sort()
    return ordered.filter(ordered == ordered.shift(1)).unique().implode()


def judged_in_memory(f: RawFile, frames: list[pl.DataFrame], source: Source, refs: References,
                     pii_key: bytes) -> list[Prepared]:
    """Every chunk of a file held in memory, judged and hashed, ready for the writer (write/stream.py)."""
    keys = [folded_keys(frame.get_column(source.key)) for frame in frames]
    repeated = repeated_keys(pl.concat(keys) if keys else pl.Series("k", [], dtype=pl.UInt64))
    return list(hashed(prepared(frames, source, f.batch_date, refs, repeated), source, pii_key))


def prepared(chunks: Iterable[pl.DataFrame], source: Source, batch_date: dt.date, refs: References,
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


def hashed(prepared: Iterable[Prepared], source: Source, pii_key: bytes) -> Iterator[Prepared]:
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

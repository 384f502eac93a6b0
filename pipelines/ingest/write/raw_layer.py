"""The raw layer: every row read, cells as written, as Parquet files beside the warehouse file.

`<warehouse>.raw/<source>/<file>/part-NNNNN.parquet`, one folder per loaded file, read through the
view raw.<source> (same columns as ever: file_id, row_number, the source's columns as text, extra).
Parquet is written several times faster than DuckDB compresses the same text, and keeps the
warehouse file (and the analysts' copy of it) small. A folder counts only once its file's registry
row says `loaded`, so a load that fails or is killed half-way leaves nothing visible; its folder is
removed on the next load.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.read.sheet import EXTRA, ROW
from pipelines.ingest.specs import Source
from pipelines.warehouse import quoted

SUFFIX = ".raw"
SCHEMA_FOLDER = "_schema"  # holds an empty part, so that the view has a file to read before any load


def raw_root(con: duckdb.DuckDBPyConnection) -> Path:
    """The folder of the raw layer: the warehouse file's path + '.raw'."""
    path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    if not path or not path[0][0]:
        raise RuntimeError("the raw layer needs a warehouse file (not an in-memory database)")
    return Path(path[0][0] + SUFFIX).resolve()


def folder_name(file_id: str) -> str:
    """The name of a file's folder: a digest of its registry key (which holds '/' and ':')."""
    return hashlib.sha256(file_id.encode("utf-8")).hexdigest()[:32]


def file_folder(con: duckdb.DuckDBPyConnection, source: str, file_id: str) -> Path:
    """The folder holding one file's rows."""
    return raw_root(con) / source / folder_name(file_id)


def raw_frame(file_id: str, frame: pl.DataFrame, source: Source) -> pl.DataFrame:
    """A chunk of a sheet as the raw layer stores it."""
    return frame.select(pl.lit(file_id, pl.String).alias("file_id"), pl.col(ROW).cast(pl.Int32).alias("row_number"),
                        *[pl.col(c.name).cast(pl.String) for c in source.columns], pl.col(EXTRA).alias("extra"))


def write_part(folder: Path, index: int, frame: pl.DataFrame) -> None:
    """Write one chunk of raw rows, under its name only once complete.

    A load killed mid-write leaves a `.partial` file, which the view's glob does not match: a truncated
    part under the final name would stop the next load, whose view reads every part's schema.
    """
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"part-{index:05d}.parquet"
    partial = part.with_name(part.name + ".partial")
    frame.write_parquet(partial, compression="zstd", compression_level=1)
    partial.replace(part)


def read_parts(folder: Path, source: Source) -> Iterator[pl.DataFrame]:
    """The chunks written to `folder`, in order, back in the shape a sheet hands on."""
    for part in sorted(folder.glob("part-*.parquet")):
        yield pl.read_parquet(part).select(pl.col("row_number").cast(pl.Int64).alias(ROW),
                                           *[c.name for c in source.columns], pl.col("extra").alias(EXTRA))


def discard(folder: Path) -> None:
    """Remove a file's folder (a load that did not complete)."""
    shutil.rmtree(folder, ignore_errors=True)


def ensure_raw_view(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """(Re)create the view raw.<source> over the loaded files' Parquet parts."""
    root = raw_root(con) / source.name
    schema = root / SCHEMA_FOLDER
    if not (schema / "part-00000.parquet").exists():
        empty = pl.DataFrame(schema={"file_id": pl.String, "row_number": pl.Int32,
                                     **{c.name: pl.String for c in source.columns}, "extra": pl.String})
        write_part(schema, 0, empty)
    legacy = _keep_legacy_table(con, source.name)
    cols = ", ".join(["file_id", "row_number", *[quoted(c.name) for c in source.columns], "extra"])
    glob = str(root / "*" / "*.parquet").replace("'", "''")
    union = f" UNION ALL SELECT {cols} FROM raw.{legacy}" if legacy else ""
    con.execute(
        f"CREATE OR REPLACE VIEW raw.{source.name} AS SELECT {cols} FROM read_parquet('{glob}', union_by_name = true) "
        f"WHERE file_id IN (SELECT file_id FROM audit.files WHERE status = 'loaded'){union}")


def _keep_legacy_table(con: duckdb.DuckDBPyConnection, source: str) -> str | None:
    """A warehouse from before the Parquet raw layer keeps its raw table, renamed, inside the view."""
    def exists(name: str) -> bool:
        return bool(con.execute("SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() "
                                "AND schema_name = 'raw' AND table_name = ?", [name]).fetchall())
    if exists(source):
        con.execute(f"ALTER TABLE raw.{source} RENAME TO {source}_table")
    return f"{source}_table" if exists(f"{source}_table") else None


def sweep(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Remove the folders of files that are not loaded (left by a load that failed or was killed)."""
    root = raw_root(con) / source
    if not root.is_dir():
        return
    loaded = {folder_name(r[0]) for r in con.execute(
        "SELECT file_id FROM audit.files WHERE source = ? AND status = 'loaded'", [source]).fetchall()}
    for folder in root.iterdir():
        if folder.is_dir() and folder.name != SCHEMA_FOLDER and folder.name not in loaded:
            discard(folder)

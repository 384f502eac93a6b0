"""The quarantine export an officer fixes and resubmits from: the correction workbook (fix_workbook.py) built from
the warehouse — each loaded file's quarantined rows from the raw layer, their reasons from audit.quarantine."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.fix_workbook import FORMULA_START, FileFix, Summary, as_text, write_workbook  # noqa: F401
from pipelines.ingest.specs import SOURCES
from pipelines.warehouse import quoted, read_sql, table_exists


def file_fix(con: duckdb.DuckDBPyConnection, file_id: str, source: str, rel_path: str,
             headers: str | None) -> FileFix:
    """One loaded file's quarantined rows, cells as written, under its header row as written."""
    spec = SOURCES[source]
    columns = ", ".join(f"r.{quoted(c.name)}" for c in spec.columns)
    sql = read_sql("audit/quarantine_rows.sql").replace("{source}", source).replace("{columns}", columns)
    rows = pl.from_arrow(con.sql(sql, params={"file_id": file_id}).to_arrow_table())
    reasons = pl.from_arrow(con.sql(
        "SELECT row_number::BIGINT AS __row, column_name, reason_code FROM audit.quarantine WHERE file_id = $file_id "
        "ORDER BY row_number, column_name", params={"file_id": file_id}).to_arrow_table())
    # A file loaded before headers were recorded: the standard's Chinese headers, then its unknown columns.
    written = json.loads(headers) if headers else [c.zh for c in spec.columns] + _extra_names(rows)
    return FileFix(source, rel_path, written, rows, reasons)


def _extra_names(rows: pl.DataFrame) -> list[str]:
    """The names of the unknown columns kept in the raw rows' JSON, in first-seen order."""
    names: dict[str, None] = {}
    for text in rows.get_column("__extra").drop_nulls().to_list():
        names.update(dict.fromkeys(json.loads(text)))
    return list(names)


def export_quarantine(con: duckdb.DuckDBPyConnection, out: Path, file_name: str | None = None) -> tuple[int, int, list[Path]]:
    """Write the correction workbook (of one file, or all) to `out` (.xlsx or .csv).

    Returns (rows written, files with rows, paths written).
    """
    files = con.execute(read_sql("audit/quarantine_export.sql"), [file_name]).fetchall()
    fixes, summary = [], []
    for file_id, source, rel_path, status, read, loaded, quarantined, code, detail, headers in files:
        summary.append(Summary(rel_path, source, status, read or 0, loaded or 0, quarantined or 0, code, detail))
        if status == "loaded" and quarantined and table_exists(con, "raw", source):
            fixes.append(file_fix(con, file_id, source, rel_path, headers))
    paths = write_workbook(fixes, summary, out)
    return sum(f.rows.height for f in fixes), len(fixes), paths

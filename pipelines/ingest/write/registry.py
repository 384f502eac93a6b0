"""The file registry (audit.files): what was seen, and what became of it."""

from __future__ import annotations

from dataclasses import dataclass

import json

import duckdb

from pipelines.ingest.judge.messages import message_zh
from pipelines.ingest.read.discover import RawFile
from pipelines.warehouse import scalar


@dataclass
class FileOutcome:
    """What one file came to: loaded (with row counts), rejected (with a reason) or a duplicate."""

    file: RawFile
    status: str  # loaded | rejected | duplicate
    reason_code: str | None = None
    reason_detail: str | None = None
    duplicate_of: str | None = None
    encoding: str | None = None
    header_row: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    rows_warned: int = 0
    headers: list[str] | None = None  # the header row as written (loaded files)

    @property
    def reason_zh(self) -> str | None:
        """The Chinese sentence for the reason (for a duplicate file, says so)."""
        code = self.reason_code or ("duplicate_file" if self.status == "duplicate" else None)
        return message_zh(code) if code else None


def already_seen(con: duckdb.DuckDBPyConnection, f: RawFile) -> bool:
    """True when these bytes under this path were processed before (nothing to do)."""
    return scalar(con, "SELECT count(*) FROM audit.files WHERE file_id = ?", [f.file_id]) > 0


def seen_ids(con: duckdb.DuckDBPyConnection, source: str) -> set[str]:
    """The registry keys of every file of `source` processed before."""
    return {r[0] for r in con.execute("SELECT file_id FROM audit.files WHERE source = ?", [source]).fetchall()}


def known_hashes(con: duckdb.DuckDBPyConnection, source: str) -> dict[tuple[str, int, int], str]:
    """(rel_path, size, mtime_ns) -> sha256 of every file of `source` the registry has seen."""
    rows = con.execute("SELECT rel_path, size_bytes, mtime_ns, sha256 FROM audit.files "
                       "WHERE source = ? AND mtime_ns IS NOT NULL", [source]).fetchall()
    return {(path, size, mtime): sha for path, size, mtime, sha in rows}


def loaded_copy_of(con: duckdb.DuckDBPyConnection, f: RawFile) -> str | None:
    """The path under which the same bytes were already loaded, if any."""
    return scalar(
        con, "SELECT rel_path FROM audit.files WHERE sha256 = ? AND status = 'loaded' ORDER BY processed_at LIMIT 1",
        [f.sha256],
    )


def record(con: duckdb.DuckDBPyConnection, outcome: FileOutcome, run_id: str) -> None:
    """Write the file's outcome into audit.files."""
    f = outcome.file
    con.execute(
        """INSERT INTO audit.files (file_id, sha256, source, file_name, rel_path, batch_date, size_bytes, status,
               reason_code, reason_zh, reason_detail, duplicate_of, encoding, header_row, rows_read, rows_loaded,
               rows_duplicate, rows_quarantined, rows_warned, run_id, mtime_ns, headers)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [f.file_id, f.sha256, f.source, f.name, f.rel_path, f.batch_date, f.size, outcome.status,
         outcome.reason_code, outcome.reason_zh, outcome.reason_detail, outcome.duplicate_of, outcome.encoding,
         outcome.header_row, outcome.rows_read, outcome.rows_loaded, outcome.rows_duplicate,
         outcome.rows_quarantined, outcome.rows_warned, run_id, f.mtime_ns or None,
         json.dumps(outcome.headers, ensure_ascii=False) if outcome.headers is not None else None],
    )

"""The analysts' copy of the warehouse: refreshed after each good night, swapped in by rename.

The copy holds no officer-only layer (raw rows, quarantine), and never held one: its first version is a new file
built from the tables analysts may see (analyst_file.py), never a copy of the warehouse's bytes. Later refreshes
start from a byte copy of the analysts' file in place, written beside it as `.partial`, and change only what
changed (analyst_delta.py): unchanged tables are kept, staging tables gain the rows of newly loaded files, small
changed tables are written again. A whole new file is written instead when there is no copy, it cannot be read,
lacks its marker, was written under another format version of what analysts may see, or a table's columns changed.
An analyst's session never blocks the nightly writer and never sees a half load (or a half publication): the new
copy is renamed over the old one in one step; sessions already open keep reading the copy they opened.
"""

import shutil
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.ingest.specs import LOAD_ORDER
from pipelines.model.analyst_delta import refresh_in_place
from pipelines.model.analyst_file import attach_copy, close_copy, home_database, write_analyst_file
from pipelines.settings import Settings
from pipelines.warehouse import read_sql, scalar, writing

LAST_STATE = "SELECT state FROM audit.snapshots WHERE path = ? ORDER BY made_at DESC LIMIT 1"


def snapshot_path(warehouse_path: str) -> Path:
    """Where the analysts' read-only copy lives: `<warehouse>.analyst.duckdb` beside the warehouse."""
    path = Path(warehouse_path)
    return path.with_name(path.stem + ".analyst.duckdb")


def refresh_snapshot(warehouse_path: str) -> tuple[Path, str | None]:
    """(the copy's path, how it was made now: "incremental", "full: <why>", or None when the copy in place already
    shows what the warehouse holds): under the writer lock, write the new copy beside it and rename it into place."""
    target = snapshot_path(warehouse_path)
    partial = target.with_name(target.name + ".partial")
    with writing(warehouse_path) as con:
        state = scalar(con, read_sql("audit/analyst_state.sql"))
        if target.exists() and state == scalar(con, LAST_STATE, [str(target)]):
            return target, None
        con.execute("INSERT INTO audit.snapshots (state, path) VALUES (?, ?)", [state, str(target)])
        try:
            made = write_partial(con, target, partial)
        except Exception:  # no copy shows this state: the next run must not take the old one for it
            con.execute("DELETE FROM audit.snapshots WHERE state = ? AND path = ?", [state, str(target)])
            raise
        partial.replace(target)  # under the lock: a second writer never renames a file still being written
    return target, made


def write_partial(con: duckdb.DuckDBPyConnection, target: Path, partial: Path) -> str:
    """Write the next analysts' file at `partial`, in place from a copy of `target` when it can be; how."""
    remove_partial(partial)
    reason = "no copy in place"
    if target.exists():
        reason = update_partial(con, target, partial)
        if reason is None:
            return "incremental"
        remove_partial(partial)
    write_analyst_file(con, partial, reason)
    return f"full: {reason}"


def update_partial(con: duckdb.DuckDBPyConnection, target: Path, partial: Path) -> str | None:
    """Copy `target` to `partial` and bring it up to date there; None when done, else why it must be written whole."""
    home = home_database(con)
    try:
        shutil.copyfile(target, partial)
        attach_copy(con, partial)
    except (OSError, duckdb.Error) as err:
        return f"copy in place unreadable: {err}"
    reason = "update failed"
    try:
        reason = refresh_in_place(con, home)
    finally:
        close_copy(con, home, complete=reason is None)
    return reason


def remove_partial(partial: Path) -> None:
    """Remove a partial file (and its WAL) left by this run or by a run that stopped half way."""
    partial.unlink(missing_ok=True)
    partial.with_name(partial.name + ".wal").unlink(missing_ok=True)


@dg.asset(
    key=["analyst", "snapshot"],
    deps=[dg.AssetKey(["core", s]) for s in LOAD_ORDER]
    + [dg.AssetKey(k) for k in (["audit", "load_runs"], ["marts", "indicators"], ["publish", "package"],
                                  ["publish", "period_package"])],
    group_name="audit",
    kinds={"duckdb"},
    description="A read-only file of what analysts may see (no raw rows, no quarantine): a copy of the last one "
                "with only what changed written into it (a new file when that cannot be), swapped in atomically "
                "after a good night or a publication (kept as it is when neither changed what it shows).",
)
def analyst_snapshot(settings: Settings) -> dg.MaterializeResult:
    """Refresh the analysts' snapshot of the warehouse."""
    target, made = refresh_snapshot(settings.warehouse_path)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(target)), "refreshed": made is not None,
                                          "how": made or "kept", "size_mb": round(target.stat().st_size / 1e6, 1)})

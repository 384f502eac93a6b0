"""The analysts' copy of the warehouse: refreshed after each good night, swapped in by rename.

The copy holds no officer-only layer (raw rows, quarantine). An analyst's session on it never blocks
the nightly writer, and never sees a half load (or a half publication):
the new copy is written beside the old one and renamed over it in one step; sessions already open
keep reading the copy they opened.
"""

import shutil
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.ingest.specs import LOAD_ORDER
from pipelines.settings import Settings
from pipelines.warehouse import read_sql, scalar, writing

LAST_STATE = "SELECT state FROM audit.snapshots WHERE path = ? ORDER BY made_at DESC LIMIT 1"


def snapshot_path(warehouse_path: str) -> Path:
    """Where the analysts' read-only copy lives: `<warehouse>.analyst.duckdb` beside the warehouse."""
    path = Path(warehouse_path)
    return path.with_name(path.stem + ".analyst.duckdb")


def refresh_snapshot(warehouse_path: str) -> tuple[Path, bool]:
    """(the copy's path, whether it was made now): checkpoint the warehouse, copy it under the writer lock,
    and rename the copy into place — unless the copy in place already shows what the warehouse holds."""
    target = snapshot_path(warehouse_path)
    partial = target.with_name(target.name + ".partial")
    with writing(warehouse_path) as con:
        state = scalar(con, read_sql("audit/analyst_state.sql"))
        if target.exists() and state == scalar(con, LAST_STATE, [str(target)]):
            return target, False
        con.execute("INSERT INTO audit.snapshots (state, path) VALUES (?, ?)", [state, str(target)])
        con.execute("CHECKPOINT")
        shutil.copyfile(warehouse_path, partial)
    strip_officer_layers(partial)
    partial.replace(target)
    return target, True


def strip_officer_layers(path: Path) -> None:
    """Remove what only officers may see from the copy: raw rows and the quarantine (values as written)."""
    con = duckdb.connect(str(path))
    try:
        con.execute("DROP SCHEMA IF EXISTS raw CASCADE")
        con.execute("DROP TABLE IF EXISTS audit.quarantine")
        con.execute("CHECKPOINT")
    finally:
        con.close()


@dg.asset(
    key=["analyst", "snapshot"],
    deps=[dg.AssetKey(["core", s]) for s in LOAD_ORDER]
    + [dg.AssetKey(k) for k in (["audit", "load_runs"], ["marts", "indicators"], ["publish", "package"])],
    group_name="audit",
    kinds={"duckdb"},
    description="A read-only copy of the warehouse for analysts, swapped in atomically after a good night "
                "or a publication (kept as it is when neither changed what it shows).",
)
def analyst_snapshot(settings: Settings) -> dg.MaterializeResult:
    """Refresh the analysts' snapshot of the warehouse."""
    target, made = refresh_snapshot(settings.warehouse_path)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(target)), "refreshed": made,
                                          "size_mb": round(target.stat().st_size / 1e6, 1)})

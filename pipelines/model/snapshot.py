"""The analysts' copy of the warehouse: refreshed after each good night, swapped in by rename.

The copy holds no officer-only layer (raw rows, quarantine). An analyst's session on it never blocks
the nightly writer, and never sees a half load:
the new copy is written beside the old one and renamed over it in one step; sessions already open
keep reading the copy they opened.
"""

import shutil
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.ingest.specs import LOAD_ORDER
from pipelines.settings import Settings
from pipelines.warehouse import writing


def snapshot_path(warehouse_path: str) -> Path:
    """Where the analysts' read-only copy lives: `<warehouse>.analyst.duckdb` beside the warehouse."""
    path = Path(warehouse_path)
    return path.with_name(path.stem + ".analyst.duckdb")


def refresh_snapshot(warehouse_path: str) -> Path:
    """Checkpoint the warehouse, copy it under the writer lock, and rename the copy into place."""
    target = snapshot_path(warehouse_path)
    partial = target.with_name(target.name + ".partial")
    with writing(warehouse_path) as con:
        con.execute("CHECKPOINT")
        shutil.copyfile(warehouse_path, partial)
    strip_officer_layers(partial)
    partial.replace(target)
    return target


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
    deps=[dg.AssetKey(["core", s]) for s in LOAD_ORDER] + [dg.AssetKey(["audit", "load_runs"])],
    group_name="audit",
    kinds={"duckdb"},
    description="A read-only copy of the warehouse for analysts, swapped in atomically after a good night.",
)
def analyst_snapshot(settings: Settings) -> dg.MaterializeResult:
    """Refresh the analysts' snapshot of the warehouse."""
    target = refresh_snapshot(settings.warehouse_path)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(target)),
                                          "size_mb": round(target.stat().st_size / 1e6, 1)})

"""DuckDB settings for a bulk step (a source's load, a core build): memory capped, checkpoints deferred.

Past the cap DuckDB spills to disk instead of growing, so a province-sized file keeps the process
within its memory budget. Without deferral, every small file's commit would checkpoint the whole
table again; with it, a source's files are checkpointed once, at the end.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb

from pipelines.warehouse import scalar

BULK_SETTINGS = {"memory_limit": "1GB", "checkpoint_threshold": "8GB", "threads": "1"}


@contextlib.contextmanager
def bulk_settings(con: duckdb.DuckDBPyConnection, checkpoint: bool = True) -> Iterator[None]:
    """Apply BULK_SETTINGS for the block, then checkpoint (when asked) and restore the previous values."""
    before = {name: scalar(con, "SELECT current_setting(?)", [name]) for name in BULK_SETTINGS}
    for name, value in BULK_SETTINGS.items():
        con.execute(f"SET {name} = '{value}'")
    try:
        yield
        if checkpoint:
            con.execute("CHECKPOINT")
    finally:
        for name, value in before.items():
            con.execute(f"SET {name} = '{value}'")

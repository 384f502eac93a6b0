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

BULK_SETTINGS = {"memory_limit": "1GB", "checkpoint_threshold": "8GB"}
# While a source's files are written, Polars judges the next chunk or file on the other core (ahead.py,
# early.py): DuckDB on both cores would only contend with it (measured: 10M members 37 s -> 33 s).
WRITING_BESIDE_JUDGING = {"threads": "1"}


@contextlib.contextmanager
def bulk_settings(con: duckdb.DuckDBPyConnection, checkpoint: bool = True,
                  beside_judging: bool = False) -> Iterator[None]:
    """Apply BULK_SETTINGS (and WRITING_BESIDE_JUDGING when asked) for the block, then checkpoint (when
    asked, with every thread and the memory cap still on) and restore the previous values."""
    before = {name: scalar(con, "SELECT current_setting(?)", [name]) for name in BULK_SETTINGS | WRITING_BESIDE_JUDGING}
    _apply(con, BULK_SETTINGS | (WRITING_BESIDE_JUDGING if beside_judging else {}))
    try:
        yield
        if checkpoint:
            _apply(con, {name: before[name] for name in WRITING_BESIDE_JUDGING})
            con.execute("CHECKPOINT")
    finally:
        _apply(con, before)


def _apply(con: duckdb.DuckDBPyConnection, settings: dict[str, str]) -> None:
    for name, value in settings.items():
        con.execute(f"SET {name} = '{value}'")

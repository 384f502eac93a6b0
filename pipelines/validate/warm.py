"""Importing Great Expectations ahead of the gate, in the background.

The import takes about three seconds of one core. A night's gate runs after its loads, and the loads
leave the GIL free most of the time (Polars and DuckDB work without it), so importing while they run
takes the cost off the night's path.
"""

from __future__ import annotations

import importlib
import os
import threading

_started = threading.Event()


def warm_up() -> None:
    """Start importing Great Expectations in a background thread, once per process (a no-op after that)."""
    if _started.is_set():
        return
    _started.set()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    threading.Thread(target=_import, name="unionpipe-warm-gx", daemon=True).start()


def _import() -> None:
    try:
        importlib.import_module("great_expectations")
    except Exception:  # noqa: BLE001 - the gate imports it again in the foreground and reports the error there
        pass

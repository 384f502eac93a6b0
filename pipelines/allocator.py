"""How Polars' memory allocator (jemalloc) keeps freed pages, set before Polars is first imported.

Polars sets its jemalloc to hand freed pages back to the kernel within half a second, over 4 arenas per
core; options set here are appended to Polars' own, and win. The load frees and re-allocates chunk-sized
buffers many times a second, so every chunk faulted its pages in anew: at province scale 5.6M page faults
and about 20 s of system time. Keeping freed pages for 10 s over one arena per core cut that to 3.4M faults
and 13 s, with the same peak RSS (docs/decisions.md, "Speed at province scale"). An operator's own
`_RJEM_MALLOC_CONF` wins.
"""

from __future__ import annotations

import os
import sys

VARIABLE = "_RJEM_MALLOC_CONF"  # Polars' jemalloc is built with the `_rjem_` prefix


def allocator_conf(cores: int | None) -> str:
    """The jemalloc options for a machine with this many cores."""
    return f"narenas:{max(cores or 1, 1)},dirty_decay_ms:10000,muzzy_decay_ms:10000"


def tune_allocator() -> bool:
    """Set the options unless Polars is already loaded (too late: jemalloc reads them once) or the
    operator set their own; True when they now apply to this process."""
    if "polars" in sys.modules:
        return False
    os.environ.setdefault(VARIABLE, allocator_conf(os.cpu_count()))
    return True

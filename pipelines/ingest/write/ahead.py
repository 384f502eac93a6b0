"""Running a generator one step ahead in a thread, so that judging a chunk overlaps writing the last one.

Polars and DuckDB both release the GIL while they work, so the two cores are kept busy: one reads and
judges chunk n+1 while the other writes chunk n. At most `depth` results wait, which bounds memory.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def ahead(items: Iterable[T], depth: int = 1) -> Iterator[T]:
    """The items of `items`, produced in a background thread; its exceptions are raised here."""
    waiting: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if not _put(waiting, stop, (item, None)):
                    return
            _put(waiting, stop, (_DONE, None))
        except BaseException as exc:  # handed to the consumer, which re-raises it
            _put(waiting, stop, (_DONE, exc))

    worker = threading.Thread(target=produce, name="unionpipe-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item, exc = waiting.get()
            if exc is not None:
                raise exc
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()
        worker.join()


def _put(waiting: queue.Queue, stop: threading.Event, entry: tuple) -> bool:
    """Put unless the consumer has stopped; False when it has."""
    while not stop.is_set():
        try:
            waiting.put(entry, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False

"""Progress of a file that takes a while: rows done, rows per second and the time left, in the run log and on
the terminal, so that an officer watching a long load never wonders whether it hangs.

A streamed file goes through two passes (stream.py): reading (rows total unknown for a CSV: the share done is
estimated from the bytes of text read against the file's size) and judging and writing (rows total known).
At most one run-log line per interval; a file done within one interval says nothing. The terminal bar
(tqdm, on stderr) shows only in `unionpipe load` when both stdout and stderr are a terminal, and is erased when
the file is done, so the officer's summary below stays clean.
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

import polars as pl
from tqdm import tqdm

Say = Callable[[str], None]

# Share of a streamed file's time done at the end of each phase (stream.py), measured on a members register:
# pass one (reading, raw parts written), pass two (judged rows written), then settling duplicates and the tally.
# Only the time-left estimate uses them; pass two's exact counts correct it as it goes.
SHARES = {"reading": 0.3, "writing": 0.9}
STEPS = 1000  # the bar's resolution


# Dagster captures a run's stdout and stderr into its compute logs and copies them on to the terminal with
# `tail` (about once a second): so the bar is drawn on the terminal itself, and pauses after each run-log line
# until that line has come through.
LINE_LAG = 1.5
_terminal: TextIO | None = None  # the terminal as it was before the run, when someone watches it


def on_terminal() -> bool:
    """True when someone is watching: stdout and stderr are both a terminal (not tests, cron or a pipe)."""
    return all(getattr(s, "isatty", lambda: False)() for s in (sys.stdout, sys.stderr))


def watch_terminal() -> None:
    """Show progress bars on this terminal (called by `unionpipe load` before its run; nothing when not one)."""
    global _terminal
    if _terminal is None and on_terminal():
        _terminal = os.fdopen(os.dup(sys.stderr.fileno()), "w", encoding="utf-8", buffering=1)


SAMPLE_ROWS = 2000  # rows of each chunk measured for its bytes (measuring all of a 500k-row chunk costs ~0.1 s)


def text_bytes(frame: pl.DataFrame) -> int:
    """About how many bytes of the file a chunk of text rows took: its cells and one separator each, from a sample."""
    sample = frame.head(SAMPLE_ROWS)
    cells = sample.select(pl.sum_horizontal(pl.col(pl.String).str.len_bytes()).sum()).item() or 0
    return round((cells + sample.height * sample.width) * frame.height / max(sample.height, 1))


def duration(seconds: float) -> str:
    """A time left as an officer reads it: '约 1 分 12 秒 about 1 min 12 s'."""
    s = max(int(round(seconds)), 1)
    h, m, s = s // 3600, s // 60 % 60, s % 60
    if h:
        return f"约 {h} 小时 {m} 分 about {h} h {m} min"
    if m:
        return f"约 {m} 分 {s} 秒 about {m} min {s} s"
    return f"约 {s} 秒 about {s} s"


class FileProgress:
    """One streamed file's progress; use as a context manager (the bar is erased and the beat stops on leaving).

    The loading thread counts rows as chunks pass (`read`, `judging`, `written`, `settling`); a beat thread,
    started at the first chunk, says where the file stands every `every` seconds, also while one chunk or the
    end of the file takes long. Files judged ahead of their turn (early.py) count nothing and say nothing.
    """

    def __init__(self, label: str, size: int, say: Say, every: float, terminal: bool | None = None):
        self.label, self.size, self.say, self.every = label, size, say, every
        self.started = self.phase_started = time.monotonic()
        self.phase, self.done, self.total, self.bytes = "reading", 0, 0, 0
        self.waiting: collections.deque[int] = collections.deque()  # rows of chunks gone to judging, in order
        self.stop, self.beat = threading.Event(), None
        self.quiet_until = 0.0  # the bar waits while a run-log line makes its way to the terminal
        show = _terminal is not None if terminal is None else terminal
        self.bar = tqdm(total=STEPS, desc=label, file=_terminal or sys.stderr, leave=False, delay=every,
                        mininterval=0.5, bar_format="{percentage:3.0f}%|{bar:20}| {desc}", disable=not show)

    @classmethod
    def silent(cls) -> FileProgress:
        """A progress that says nothing (a file loaded outside a run, or in tests of the rules)."""
        return cls("", 0, lambda _msg: None, float("inf"), terminal=False)

    def __enter__(self) -> FileProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        if self.beat is not None:
            self.beat.join()
        self.bar.close()

    def read(self, frame: pl.DataFrame) -> None:
        """Pass one: a chunk of rows read (and written to the raw layer)."""
        self.done += frame.height
        self.bytes += text_bytes(frame) if self.size else 0
        self._start()

    def judging(self, chunks: Iterable[pl.DataFrame], total: int) -> Iterator[pl.DataFrame]:
        """Pass two begins: `chunks` as they go to judging, each counted once its judged rows are written."""
        self._phase("writing", total)
        for frame in chunks:
            if frame.height:  # judging yields one prepared chunk per non-empty chunk (chunks.prepared)
                self.waiting.append(frame.height)
            yield frame

    def written(self) -> None:
        """Pass two: the next judged chunk's rows written to staging."""
        if self.waiting:
            self.done += self.waiting.popleft()

    def settling(self) -> None:
        """Every row is written: duplicates over the whole file and the tally are left."""
        self._phase("settling", self.total)
        self.done = self.total

    def share(self) -> float | None:
        """The share of the whole file done, None while it cannot be told (an XLSX being read)."""
        if self.phase == "settling":
            return SHARES["writing"]
        if self.phase == "writing":
            return SHARES["reading"] + (SHARES["writing"] - SHARES["reading"]) * self.done / max(self.total, 1)
        if not self.size:  # an XLSX (compressed: its text is no measure of its size)
            return None
        return SHARES["reading"] * min(self.bytes / self.size, 0.99)  # the bytes are estimated from samples

    def line(self) -> str:
        """Where the file stands, in Chinese and English: rows done, rows per second, the time left."""
        now = time.monotonic()
        rate = f"每秒 {self.done / max(now - self.phase_started, 1e-9):,.0f} 行 rows/s"
        share = self.share()
        if self.phase == "settling":  # the end takes about its share of the time the passes took
            ends = self.phase_started + (self.phase_started - self.started) * (1 - share) / share
            left = duration(ends - now) if ends > now else "即将完成 almost done"
            return f"已写入 written {self.done:,} / {self.total:,} 行 rows, 正在判定重复并计数 settling duplicates, " \
                   f"剩余 {left} left"
        left = duration((now - self.started) * (1 - share) / share) if share else "待估 not known yet"
        if self.phase == "writing":
            return f"校验写入 judging and writing {self.done:,} / {self.total:,} 行 rows, {rate}, 剩余 {left} left"
        about = f"（约 about {share / SHARES['reading']:.0%}）" if share is not None else ""
        return f"读取 reading {self.done:,} 行 rows{about}, {rate}, 剩余 {left} left"

    def _phase(self, phase: str, total: int) -> None:
        """A new phase: its own count and rate."""
        self.phase, self.done, self.total, self.phase_started = phase, 0, total, time.monotonic()
        self._start()

    def _start(self) -> None:
        """Start the beat at the file's first chunk (never for a silent progress)."""
        if self.beat is None and self.every != float("inf"):
            self.beat = threading.Thread(target=self._beating, name="unionpipe-progress", daemon=True)
            self.beat.start()

    def _beating(self) -> None:
        """Until the file is done: the bar moved twice a second, a run-log line every `every` seconds."""
        next_line = self.started + self.every
        while not self.stop.wait(min(self.every, 0.5)):
            now = time.monotonic()
            if now < self.started + self.every:  # a file done within one interval shows nothing
                continue
            try:
                if now >= next_line:
                    next_line = now + self.every
                    self.bar.clear()  # the log line goes above the bar, not through it
                    self.quiet_until = now + LINE_LAG
                    self.say(f"{self.label}: {self.line()}")
                if not self.bar.disable and now >= self.quiet_until:
                    self.bar.set_description_str(f"{self.label}: {self.line()}", refresh=False)
                    self.bar.update(int(STEPS * (self.share() or 0)) - self.bar.n)
                    self.bar.refresh()
            except Exception:  # noqa: BLE001 - saying how far it is must never break the load
                return

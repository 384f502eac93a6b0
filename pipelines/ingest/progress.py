"""Progress of a file that takes a while: rows done, rows per second and the time left, in the run log and on
the terminal, so that an officer watching a long load never wonders whether it hangs.

A streamed file goes through two passes (stream.py): reading (rows total unknown for a CSV: the share done is
estimated from the bytes of text read against the file's size) and judging and writing (rows total known).
At most one run-log line per interval; a file done within one interval says nothing. The terminal bar
(tqdm, on stderr) shows only when both stdout and stderr are a terminal, and is erased when the file is done,
so the officer's summary below stays clean.
"""

from __future__ import annotations

import collections
import sys
import time
from collections.abc import Callable, Iterable, Iterator

import polars as pl
from tqdm import tqdm

Say = Callable[[str], None]

# Share of a streamed file's time spent in pass one (reading, raw parts written), measured on a members
# register (stream.py); only the time-left estimate uses it, and pass two corrects it with exact counts.
READING_SHARE = 0.3
STEPS = 1000  # the bar's resolution


def on_terminal() -> bool:
    """True when someone is watching: stdout and stderr are both a terminal (not tests, cron or a pipe)."""
    return all(getattr(s, "isatty", lambda: False)() for s in (sys.stdout, sys.stderr))


def text_bytes(frame: pl.DataFrame) -> int:
    """About how many bytes of the file a chunk of text rows took: its cells, one separator each."""
    cells = frame.select(pl.sum_horizontal(pl.col(pl.String).str.len_bytes()).sum()).item() or 0
    return cells + frame.height * frame.width


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
    """One streamed file's progress; use as a context manager (the bar is erased on leaving)."""

    def __init__(self, label: str, size: int, say: Say, every: float, terminal: bool | None = None):
        self.label, self.size, self.say, self.every = label, size, say, every
        self.started = self.phase_started = time.monotonic()
        self.next_line = self.started + every
        self.writing, self.done, self.total, self.bytes = False, 0, 0, 0
        self.waiting: collections.deque[int] = collections.deque()  # rows of chunks gone to judging, in order
        show = on_terminal() if terminal is None else terminal
        self.bar = tqdm(total=STEPS, desc=label, file=sys.stderr, leave=False, delay=every, mininterval=0.5,
                        bar_format="{desc} {percentage:3.0f}%|{bar:20}| {postfix}", disable=not show)

    @classmethod
    def silent(cls) -> FileProgress:
        """A progress that says nothing (a file loaded outside a run, or in tests of the rules)."""
        return cls("", 0, lambda _msg: None, float("inf"), terminal=False)

    def __enter__(self) -> FileProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()

    def read(self, frame: pl.DataFrame) -> None:
        """Pass one: a chunk of rows read (and written to the raw layer)."""
        self.done += frame.height
        self.bytes += text_bytes(frame) if self.size else 0
        self._tick()

    def judging(self, chunks: Iterable[pl.DataFrame], total: int) -> Iterator[pl.DataFrame]:
        """Pass two begins: `chunks` as they go to judging, each counted once its judged rows are written."""
        self.writing, self.done, self.total, self.phase_started = True, 0, total, time.monotonic()
        for frame in chunks:
            if frame.height:  # judging yields one prepared chunk per non-empty chunk (chunks.prepared)
                self.waiting.append(frame.height)
            yield frame

    def written(self) -> None:
        """Pass two: the next judged chunk's rows written to staging."""
        if self.waiting:
            self.done += self.waiting.popleft()
        self._tick()

    def share(self) -> float | None:
        """The share of the whole file done (both passes), None while it cannot be told (an XLSX being read)."""
        if self.writing:
            return READING_SHARE + (1 - READING_SHARE) * self.done / max(self.total, 1)
        if not self.size or self.bytes > self.size:  # compressed (XLSX): its text is no measure of its size
            return None
        return READING_SHARE * self.bytes / self.size

    def line(self) -> str:
        """Where the file stands, in Chinese and English: rows done, rows per second, the time left."""
        now = time.monotonic()
        rate = self.done / max(now - self.phase_started, 1e-9)
        share = self.share()
        left = duration((now - self.started) * (1 - share) / share) if share else "剩余时间待估 time left not known yet"
        if self.writing:
            what = f"校验写入 judging and writing {self.done:,} / {self.total:,} 行 rows"
        else:
            about = f"（约 about {self.bytes / self.size:.0%}）" if share is not None else ""
            what = f"读取 reading {self.done:,} 行 rows{about}"
        return f"{what}, 每秒 {rate:,.0f} 行 rows/s, 剩余 {left} left"

    def _tick(self) -> None:
        """Move the bar; every `every` seconds, one line in the run log."""
        share = self.share()
        if not self.bar.disable:
            self.bar.set_postfix_str(self.line(), refresh=False)
            self.bar.update(int(STEPS * (share or 0)) - self.bar.n)
        if time.monotonic() >= self.next_line:
            self.next_line = time.monotonic() + self.every
            with tqdm.external_write_mode(file=sys.stdout):  # the log line above the bar, not through it
                self.say(f"{self.label}: {self.line()}")

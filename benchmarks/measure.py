"""One stage of the benchmark as a child process: its wall time, exit code and peak memory.

Peak memory is taken two ways: the kernel's exact peak RSS of the largest process in the tree
(`wait4` rusage, which also covers any grandchildren the child waited for), and the summed RSS of
the whole live tree sampled from /proc; the stage's figure is the larger of the two. Linux carries a
parent's peak RSS into a child across fork and exec, so a `wait4` figure no higher than this process's
own peak says nothing of the child: then only the sampled figure counts (keep the parent small).
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

SAMPLE_EVERY_S = 0.2
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class StageResult:
    """What one stage took: seconds, peak RSS (MiB), exit code, and where its output went."""

    name: str
    argv: list[str]
    seconds: float
    peak_rss_mib: float
    largest_process_rss_mib: float | None
    tree_rss_sampled_mib: float
    exit_code: int
    ok: bool
    log: str
    started_at: float
    ended_at: float

    def as_dict(self) -> dict:
        """The result as plain JSON-able values."""
        return asdict(self)


def _children_by_parent() -> dict[int, list[int]]:
    """Every live process's children, from /proc/<pid>/stat (field 4 is the parent)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        # The command name may hold spaces and parentheses: the fields start after the last ')'.
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and all its descendants now, in KiB (0 once it is gone)."""
    tree, todo, total = _children_by_parent(), [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, []))
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB
        except (OSError, IndexError, ValueError):
            continue
    return total


def _sample_peak(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.is_set():
        peak[0] = max(peak[0], tree_rss_kib(pid))
        done.wait(SAMPLE_EVERY_S)


def run_stage(name: str, argv: list[str], log: Path, ok_codes: tuple[int, ...] = (0,),
              env: dict[str, str] | None = None) -> StageResult:
    """Run argv as a child process (output to `log`), measuring wall time and peak memory."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak, done = [0], threading.Event()
    inherited = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with log.open("wb") as out:
        started = time.time()
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)
        sampler = threading.Thread(target=_sample_peak, args=(proc.pid, done, peak), daemon=True)
        sampler.start()
        # wait4 rather than proc.wait(): it hands back this child's own rusage (ru_maxrss in KiB).
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
    largest, sampled = usage.ru_maxrss / 1024, peak[0] / 1024
    if largest <= inherited:
        largest = None  # only the parent's own peak, carried into the child: unknown
    return StageResult(name, list(map(str, argv)), round(seconds, 2), round(max(largest or 0, sampled), 1),
                       largest and round(largest, 1), round(sampled, 1), proc.returncode, proc.returncode in ok_codes,
                       str(log), started, time.time())

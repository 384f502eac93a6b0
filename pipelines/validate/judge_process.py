"""Great Expectations in a helper process, started when a job knows it will judge.

Importing GE and building its context takes seconds of one core. Started early — by a night with new files
as its loading starts, by a publication or `unionpipe check` as it starts — the helper spends them on the
other core while the night loads, so the first check does not wait for them. A night with nothing new,
whose checks all carry their results forward, never starts it; a judgement that finds none asked for
starts it then. The helper is a bare `python -m` of this module (nothing of the command that started it
is imported again), talks over two pipes, lives as long as the process that started it (one per job;
one for a whole test session) and quits when that process goes. Should it be gone or broken, or the
platform lack inheritable pipes, judging happens in this process as before.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from pipelines.validate import expectations
from pipelines.validate.catalog import suite_checks
from pipelines.validate.check import Check

# A judgement takes well under a second once GE is in; the import, a few seconds (more on a slow disk).
ANSWER_SECONDS = 120.0


class HelperGone(RuntimeError):
    """The helper process did not answer: it died, or hangs."""


class JudgeProcess:
    """One helper process and the pipes to it; judges a suite's figures as `expectations.judge` does."""

    def __init__(self) -> None:
        requests_read, requests_write = os.pipe()
        answers_read, answers_write = os.pipe()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(requests_read), str(answers_write)],
                pass_fds=(requests_read, answers_write), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        except OSError:
            for fd in (requests_write, answers_read):
                os.close(fd)
            raise
        finally:
            os.close(requests_read)
            os.close(answers_write)
        self._requests = Connection(requests_write, readable=False)
        self._answers = Connection(answers_read, writable=False)
        self._lock = threading.Lock()
        self._asked = False

    def alive(self) -> bool:
        """True while the helper runs."""
        return self._process.poll() is None

    def judge(self, suite: str, checks: list[Check], figures: dict[str, float], run_id: str, docs_dir: Path | None):
        """The helper's verdicts and Data Docs page for these checks (HelperGone if it cannot answer)."""
        with self._lock:
            self._asked = True
            try:
                self._requests.send((suite, [c.name for c in checks], figures, run_id, str(docs_dir or "")))
                if not self._answers.poll(ANSWER_SECONDS):
                    raise HelperGone(f"no answer from the Great Expectations helper in {ANSWER_SECONDS:g} s")
                ok, answer = self._answers.recv()
            except (EOFError, OSError) as exc:
                raise HelperGone(f"the Great Expectations helper is gone: {exc!r}") from exc
        if not ok:
            raise RuntimeError(f"Great Expectations failed in its helper process: {answer}")
        return answer

    def kill(self) -> None:
        """Stop the helper now, whatever it is doing."""
        if self.alive():
            self._process.kill()
            self._process.wait()

    def close(self) -> None:
        """Stop the helper: a helper that judged quits by itself once its pipe closes (its own exit, a
        second or so of GE's teardown, is not waited for); one that never judged is stopped at once, so a
        night with nothing to measure does not wait for its import to end."""
        self._requests.close()
        if not self._asked:
            self.kill()
        self._answers.close()


def serve(requests: Connection, answers: Connection) -> None:
    """The helper's life: import GE and build its context at once, then judge each request until the
    pipe closes."""
    from tqdm import tqdm

    # GE makes (disabled) progress bars, whose default lock is a cross-process semaphore with a tracker
    # process of its own; a helper that judges alone needs neither.
    tqdm.set_lock(threading.RLock())
    expectations.context()
    while True:
        try:
            suite, names, figures, run_id, docs_dir = requests.recv()
        except EOFError:  # closed by the process that started us, or that process is gone
            return
        try:
            by_name = {c.name: c for c in suite_checks(suite)}
            answer = (True, expectations.judge(suite, [by_name[n] for n in names], figures, run_id,
                                                 Path(docs_dir) if docs_dir else None))
        except Exception as exc:  # noqa: BLE001 - the parent reports it; the helper keeps serving
            answer = (False, f"{type(exc).__name__}: {exc}")
        try:
            answers.send(answer)
        except OSError:  # the process that asked is gone: nobody left to answer
            return


_helper: JudgeProcess | None = None
_helper_lock = threading.Lock()
_asked_for = False  # whether this process ever asked for a helper (a judgement then never starts one itself)


def start_helper() -> JudgeProcess | None:
    """This process's helper, started now unless one already runs (None where it cannot be started)."""
    global _helper, _asked_for
    if os.name != "posix":
        return None
    with _helper_lock:
        _asked_for = True
        if _helper is None or not _helper.alive():
            try:
                _helper = JudgeProcess()
            except OSError:  # no process to spare (limits, a sandbox): judging stays in this process
                _helper = None
                return None
            atexit.register(_helper.close)
        return _helper


def judge(suite: str, checks: list[Check], figures: dict[str, float], run_id: str, docs_dir: Path | None):
    """Judge with this process's helper (started now if none was ever asked for: a night with nothing to
    judge never starts one); in this process when it cannot be started, or is gone."""
    helper = _helper if _asked_for else start_helper()
    if helper is not None:
        try:
            return helper.judge(suite, checks, figures, run_id, docs_dir)
        except HelperGone:
            _forget(helper)
    return expectations.judge(suite, checks, figures, run_id, docs_dir)


def _forget(helper: JudgeProcess) -> None:
    """Stop a helper that failed to answer, so that the checks after it do not wait on it too."""
    global _helper
    with _helper_lock:
        if _helper is helper:
            _helper = None
    helper.kill()


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))

"""The whole-file rejection, raised by any reader or check that turns a file away."""

from __future__ import annotations

# How much of an unforeseen error's message an officer is shown (its first line, cut to this length).
DETAIL_CHARS = 300


class FileRejected(Exception):
    """A file turned away as a whole, with the contract's reason code and a located detail."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class FileLoadFailed(RuntimeError):
    """A file's load failed and even its rejection could not be recorded: the job stops, naming the file."""


def one_line(exc: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    first = f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
    return first if len(first) <= DETAIL_CHARS else first[: DETAIL_CHARS - 1] + "…"


def is_file_failure(exc: BaseException) -> bool:
    """Whether an error is one to pin on the file being read: any Exception, or a Rust reader's panic.

    Panics of pyo3 extensions (calamine, Polars) derive from BaseException; interrupts and exits are not ours.
    """
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def unforeseen(exc: BaseException) -> FileRejected:
    """The rejection of a file whose reading or judging failed for a reason no rule foresaw."""
    return FileRejected("unreadable", f"读取或检查时出现意外错误，整份文件未导入 (unexpected error): {one_line(exc)}")

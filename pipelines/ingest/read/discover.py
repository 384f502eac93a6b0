"""Finding the files that arrived: their source, batch date, fingerprint and the order to apply them."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.specs import LOAD_ORDER

BATCH_NAME = re.compile(r"^(\d{8})_.*\.(csv|xlsx)$", re.IGNORECASE)


@dataclass(frozen=True)
class RawFile:
    """One file under raw/<source>/ with what its name and bytes say about it."""

    path: Path
    source: str
    sha256: str
    size: int
    batch_date: dt.date | None  # None: the name does not start with a valid date
    mtime_ns: int = 0
    refused: str | None = None  # why it is turned away unread (a symbolic link, a file that cannot be opened)

    @property
    def name(self) -> str:
        """The file name as the officer wrote it."""
        return self.path.name

    @property
    def rel_path(self) -> str:
        """`<source>/<name>`: how the file is named in the registry and in messages."""
        return f"{self.source}/{self.name}"

    @property
    def file_id(self) -> str:
        """Registry key: the same bytes under another name are another registry row (a duplicate)."""
        return f"{self.sha256[:16]}:{self.rel_path}"

    @property
    def order(self) -> tuple:
        """Batches apply in order of (batch date, file name by code point)."""
        return (self.batch_date or dt.date.min, self.name)


def batch_date_of(name: str) -> dt.date | None:
    """The batch date a file name starts with, or None when it carries no valid one."""
    m = BATCH_NAME.match(name)
    if not m:
        return None
    try:
        return dt.datetime.strptime(m.group(1), "%Y%m%d").date()
    except ValueError:
        return None


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks so large files stay out of memory."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def discover(raw_dir: Path, sources: tuple[str, ...] = LOAD_ORDER,
             known: dict[tuple[str, int, int], str] | None = None) -> list[RawFile]:
    """Every file under raw/<source>/, sources in load order, each in batch order.

    Hidden files are skipped; any other file is returned, so that a misnamed one (a `.xls`, a name
    without a date) is turned away visibly, not ignored. A symbolic link is never followed and a file
    that cannot be opened is not read: both come back `refused`, to be rejected with the reason.
    `known` maps (rel_path, size, mtime_ns) to a fingerprint already taken: only other files are hashed.
    """
    known = known or {}
    found: list[RawFile] = []
    for source in sources:
        folder = raw_dir / source
        if not folder.is_dir() or folder.is_symlink():
            continue
        files = []
        for p in folder.iterdir():
            if p.name.startswith("."):
                continue
            if p.is_symlink():
                files.append(_refused(p, source, f"符号链接，未读取 (a symbolic link to {os.readlink(p)}; "
                                                 "links are never followed: copy the file itself here)"))
                continue
            if not p.is_file():
                continue
            st = p.stat()
            try:
                sha = known.get(registry_key(source, p, st)) or sha256_of(p)
            except OSError as exc:
                files.append(_refused(p, source, f"文件无法读取 (cannot be read): {exc.strerror or exc}"))
                continue
            files.append(RawFile(p, source, sha, st.st_size, batch_date_of(p.name), st.st_mtime_ns))
        found.extend(sorted(files, key=lambda f: f.order))
    return found


def registry_key(source: str, p: Path, st: os.stat_result) -> tuple[str, int, int]:
    """How the registry knows a file without reading it: (rel_path, size, mtime_ns)."""
    return f"{source}/{p.name}", st.st_size, st.st_mtime_ns


def landed_unseen(raw_dir: Path, source: str, known: dict[tuple[str, int, int], str]) -> bool:
    """Whether raw/<source>/ holds a file not in `known` (the registry's `registry_key`s): new or changed.

    Only a listing: no file is read. Anything unusual (a link, an unreadable entry) counts.
    """
    folder = raw_dir / source
    if not folder.is_dir():
        return False
    try:
        return any(registry_key(source, p, p.stat()) not in known
                   for p in folder.iterdir() if not p.name.startswith("."))
    except OSError:
        return True


def _refused(p: Path, source: str, reason: str) -> RawFile:
    """A file that is not read, fingerprinted by what is known of it without reading it.

    Its mtime is left out (0) so that the registry never offers this fingerprint for the file's
    real bytes: once it can be read (or is no longer a link) it is hashed and loaded like any other.
    """
    st = p.lstat()
    seen = f"refused:{source}/{p.name}:{reason}:{st.st_size}:{st.st_mtime_ns}".encode()
    return RawFile(p, source, hashlib.sha256(seen).hexdigest(), st.st_size, batch_date_of(p.name), 0, reason)

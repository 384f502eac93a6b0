"""Package versions on disk: <root>/<county>/<period>/v<N>/, written whole or not at all, never replaced."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.warehouse import read_sql, scalar

PACKAGE_FILES = ("indicators.csv", "manifest.json")
VERSION_DIR = re.compile(r"v([1-9]\d*)")
TEMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class Publication:
    """A version already published (a row of audit.publications)."""

    version: int
    path: Path
    indicators_sha256: str
    generated_at: str


def version_dir(root: Path, county: str, period: str, version: int) -> Path:
    """Where version N of a county's period lives under `root`."""
    return Path(root) / county / period / f"v{version}"


def latest_publication(con: duckdb.DuckDBPyConnection, county: str, period: str) -> Publication | None:
    """The newest version recorded for the county and period, or None."""
    rows = con.execute(read_sql("publish/latest_publication.sql"), {"county": county, "period": period}).fetchall()
    return Publication(rows[0][0], Path(rows[0][1]), rows[0][2], rows[0][3]) if rows else None


def next_version(con: duckdb.DuckDBPyConnection, root: Path, county: str, period: str) -> int:
    """One above every number taken: recorded, pushed, or already a folder under `root` (never overwrite)."""
    taken = scalar(con, read_sql("publish/used_versions.sql"), {"county": county, "period": period}) or 0
    folder = Path(root) / county / period
    on_disk = [int(m.group(1)) for p in folder.glob("v*") if (m := VERSION_DIR.fullmatch(p.name))]
    return max([taken, *on_disk]) + 1


def is_complete(folder: Path) -> bool:
    """Whether the folder holds a whole package."""
    return all((folder / name).is_file() for name in PACKAGE_FILES)


def write_version(target: Path, files: dict[str, bytes]) -> None:
    """Write the files into a temporary sibling folder, then rename it to `target` in one step."""
    if target.exists():
        raise FileExistsError(f"{target} exists: a published version is never overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f"{TEMP_PREFIX}*"):  # left by a crash: never a package
        shutil.rmtree(stale, ignore_errors=True)
    temp = target.parent / f"{TEMP_PREFIX}{target.name}-{uuid.uuid4().hex}"
    temp.mkdir()
    try:
        for name, data in files.items():
            with open(temp / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        os.rename(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit_version(con: duckdb.DuckDBPyConnection, target: Path, files: dict[str, bytes], row: dict) -> None:
    """Record the version in audit.publications and write its folder: both, or (before the rename) neither."""
    con.begin()
    try:
        con.execute(read_sql("publish/record_publication.sql"), row)
        write_version(target, files)
    except BaseException:
        con.rollback()
        raise
    con.commit()


def holds(folder: Path, checksum: str) -> bool:
    """Whether the folder holds a whole package whose indicators.csv has this SHA-256."""
    return is_complete(folder) and hashlib.sha256((folder / "indicators.csv").read_bytes()).hexdigest() == checksum


def copy_of(publication: Publication, checksum: str) -> dict[str, bytes] | None:
    """The files of a recorded version, byte for byte, when its folder is whole and unchanged."""
    if not holds(publication.path, checksum):
        return None
    return {name: (publication.path / name).read_bytes() for name in PACKAGE_FILES}

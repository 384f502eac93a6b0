"""The facts of the machine a benchmark ran on: CPU, cores, memory, disk, OS and package versions."""

from __future__ import annotations

import os
import platform
import shutil
from importlib import metadata
from pathlib import Path

PACKAGES = ("unionpipe", "dagster", "duckdb", "polars", "pyarrow", "pandas", "great-expectations", "fastexcel")
PROJECT = Path(__file__).resolve().parents[1]


def _meminfo_gib(field: str) -> float | None:
    """A /proc/meminfo figure (given in kB) in GiB."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def cpu_model() -> str:
    """The CPU's model name, as /proc/cpuinfo gives it (else the platform's word)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> dict[str, str]:
    """Installed versions of Python and the packages that do the work."""
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def commit() -> str | None:
    """The checked-out commit, read from .git files (no git command is run); None outside a checkout.

    Uncommitted changes in the working tree are not reflected here.
    """
    try:
        git = _git_dir(PROJECT / ".git")
        ref = (git / "HEAD").read_text().strip()
        if not ref.startswith("ref: "):
            return ref
        common = git / (git / "commondir").read_text().strip() if (git / "commondir").exists() else git
        for base in (git, common):
            if (base / ref[5:]).exists():
                return (base / ref[5:]).read_text().strip()
        packed = (common / "packed-refs").read_text().splitlines()
        return next((line.split()[0] for line in packed if line.endswith(ref[5:])), None)
    except OSError:
        return None


def _git_dir(dot_git: Path) -> Path:
    """The git directory: .git itself, or where a worktree's .git file ('gitdir: …') points."""
    if dot_git.is_file():
        return (dot_git.parent / dot_git.read_text().strip().removeprefix("gitdir: ")).resolve()
    return dot_git


def facts(work: Path) -> dict:
    """Everything a reader needs to compare these figures with another machine's."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _meminfo_gib("MemTotal"),
        "ram_available_gib": _meminfo_gib("MemAvailable"),
        "disk_free_gib": round(shutil.disk_usage(work).free / 1024**3, 1),
        "os": platform.platform(),
        "versions": versions(),
        "commit": commit(),
        "project_dir": str(PROJECT),  # the tree whose code ran (a copy, when benchmarking a snapshot)
    }

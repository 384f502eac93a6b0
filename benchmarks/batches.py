"""The batch calendar of a landing folder, from its file names alone (no file is opened)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

SOURCES = ("regions", "units", "members", "mediation", "grievances")


def batch_dates(raw: Path) -> dict[str, date]:
    """The latest batch date of each source, from the YYYYMMDD prefix of its file names."""
    latest = {}
    for source in SOURCES:
        stamps = [p.name[:8] for p in (raw / source).glob("*") if p.name[:8].isdigit()]
        if stamps:
            s = max(stamps)
            latest[source] = date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    return latest


def latest_complete_period(raw: Path) -> str:
    """The month before the earliest of the sources' latest batches (regions aside): YYYY-MM."""
    oldest = min(d for s, d in batch_dates(raw).items() if s != "regions")
    end = oldest.replace(day=1) - timedelta(days=1)
    return f"{end:%Y-%m}"

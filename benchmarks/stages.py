"""The command line of each benchmark stage: the public `unionpipe` commands and the two bare baselines."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Exit codes that still mean "the stage did its work": load exits 1 when a file was turned away,
# check exits 1 while a blocking check fails, validate when rows would be turned away (findings, not crashes).
OK_CODES = {"generate": (0,), "baseline": (0,), "load": (0, 1), "check": (0, 1), "publish": (0,),
            "incremental_batch": (0,), "incremental_load": (0, 1), "quiet_load": (0, 1),
            "parse_only": (0,), "mixed_load": (0, 1), "mixed_generate": (0,), "report": (0,),
            "validate": (0, 1), "explain": (0,), "floor": (0,), "register_generate": (0,)}


def unionpipe() -> list[str]:
    """The `unionpipe` console script of this interpreter's environment (else `python -m pipelines.cli`)."""
    script = Path(sys.executable).parent / "unionpipe"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipelines.cli"]


def generate(out: Path, scale: float, formats: str) -> list[str]:
    """`unionpipe sample`: the seeded county at this scale, in these file forms."""
    return [*unionpipe(), "sample", "--out", str(out), "--scale", f"{scale:g}", "--formats", formats]


def load(raw: Path, warehouse: Path) -> list[str]:
    """`unionpipe load`: every contract rule, staging, core and audit."""
    return [*unionpipe(), "load", "--raw", str(raw), "--warehouse", str(warehouse)]


def check(warehouse: Path, period: str) -> list[str]:
    """`unionpipe check`: the validation gate, table checks and the period's checks."""
    return [*unionpipe(), "check", "--warehouse", str(warehouse), "--period", period]


def publish(warehouse: Path, period: str, out: Path) -> list[str]:
    """`unionpipe publish`: the period's indicators and its package."""
    return [*unionpipe(), "publish", "--period", period, "--warehouse", str(warehouse), "--out", str(out)]


def county_report(warehouse: Path, period: str, out: Path) -> list[str]:
    """`unionpipe report`: the period's county report (it computes the year of months its trend shows first)."""
    return [*unionpipe(), "report", "--period", period, "--warehouse", str(warehouse), "--out", str(out)]


def explain(warehouse: Path, period: str, county: str, out: Path) -> list[str]:
    """`unionpipe explain`: the county's registered members (its largest count) listed to a CSV."""
    return [*unionpipe(), "explain", "COV_REGISTERED_MEMBERS", "--area", county, "--period", period,
            "--warehouse", str(warehouse), "--out", str(out)]


def baseline(raw: Path, db: Path, counts: Path) -> list[str]:
    """Bare DuckDB `read_csv` of every source into a fresh database file."""
    return [sys.executable, str(HERE / "baseline.py"), str(raw), str(db), str(counts)]


def parse_only(raw: Path, counts: Path) -> list[str]:
    """Decode and parse every CSV (UTF-8 or GB18030) and XLSX file, and nothing else."""
    return [sys.executable, str(HERE / "parse_only.py"), str(raw), str(counts)]


def incremental_batch(raw: Path, fraction: float, members_rows: int, out: Path) -> list[str]:
    """Write the incremental night's members file (its path and rows go to `out` as JSON)."""
    return [sys.executable, str(HERE / "incremental.py"), str(raw), str(fraction), str(members_rows), str(out)]


def validate(path: Path, warehouse: Path) -> list[str]:
    """`unionpipe validate`: an officer's dry run of one members file against the loaded warehouse (read-only)."""
    return [*unionpipe(), "validate", str(path), "--source", "members", "--warehouse", str(warehouse)]


def floor(home: Path) -> list[str]:
    """Dagster's own floor: one no-op asset materialized in-process in a fresh instance at `home`."""
    return [sys.executable, str(HERE / "floor.py"), str(home)]


def register(out: Path, members: int, facts: Path) -> list[str]:
    """Write the single-file register shape with this many members (what was written goes to `facts`)."""
    return [sys.executable, str(HERE / "register.py"), str(out), "--members", str(members), "--facts", str(facts)]

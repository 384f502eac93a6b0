"""manifest.json: what a package is, when it was made, and what it was built from and passed."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone

import duckdb

from pipelines.ingest.specs import LOAD_ORDER
from pipelines.publish.sdmx import STRUCTURE_ID
from pipelines.warehouse import read_sql

# China keeps one offset all year, so a fixed +08:00 is exactly Asia/Shanghai (no tz database needed).
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
# Left out of the content fingerprint: they differ between two writings of the same content.
VOLATILE = ("version", "generated_at")


def now_shanghai() -> datetime:
    """The current time in Asia/Shanghai, to the second."""
    return datetime.now(SHANGHAI).replace(microsecond=0)


def batches(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every loaded batch of the five sources: indicators are built from every batch loaded so far."""
    rows = con.execute(read_sql("publish/batches.sql"), {"sources": list(LOAD_ORDER)}).fetchall()
    return [{"source": s, "file_name": name, "batch_date": d.isoformat() if d else None, "sha256": sha}
            for s, name, d, sha in rows]


def checks(con: duckdb.DuckDBPyConnection, period: str) -> tuple[list[dict], list[dict]]:
    """The latest check results for the period: (those passed, warnings failed)."""
    rows = con.execute(read_sql("publish/checks.sql"), {"period": period}).fetchall()
    passed = [{"check_name": n, "table_name": t, "severity": s} for n, t, s, ok in rows if ok]
    warned = [{"check_name": n, "table_name": t, "severity": s} for n, t, s, ok in rows if not ok and s != "blocking"]
    return passed, warned


def build_manifest(con: duckdb.DuckDBPyConnection, county: str, period: str, version: int, generated_at: str,
                   indicators_sha256: str, observations: int, threshold: int) -> dict:
    """The manifest of one package (the push reads county_code, period, version, generated_at, indicators_sha256)."""
    passed, warned = checks(con, period)
    return {
        "county_code": county,
        "period": period,
        "version": version,
        "generated_at": generated_at,
        "structure_id": STRUCTURE_ID,
        "indicators_file": "indicators.csv",
        "indicators_sha256": indicators_sha256,
        "observations": observations,
        "employee_threshold": threshold,
        "batches": batches(con),
        "checks_passed": passed,
        "warnings_failed": warned,
    }


def render_manifest(manifest: dict) -> bytes:
    """manifest.json bytes: UTF-8, Chinese kept readable, indented, LF, ending in a newline."""
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def content_fingerprint(manifest: dict) -> str:
    """SHA-256 of the manifest without version and generated_at: equal for two writings of one content."""
    stable = {k: v for k, v in manifest.items() if k not in VOLATILE}
    return hashlib.sha256(json.dumps(stable, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()

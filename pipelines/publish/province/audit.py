"""audit.pushes: one row per attempt to reach the province, and what it already accepted."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from datetime import datetime

import duckdb


@dataclass(frozen=True)
class AttemptRow:
    """One attempt, as recorded (no token, no Authorization header: there is no column for them)."""

    push_id: str
    county_code: str
    period: str
    version: int
    idempotency_key: str
    checksum: str
    attempt: int
    url: str
    http_status: int | None
    error_class: str | None
    submission_id: str | None
    replayed: bool | None
    outcome: str  # accepted | retry | failed | refused
    error_code: str | None
    detail: str | None
    started_at: datetime
    finished_at: datetime


COLUMNS = [f.name for f in fields(AttemptRow)]
INSERT_SQL = f"INSERT INTO audit.pushes ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"

# The package counts as accepted when this very version was, or when the latest accepted version of
# its county and period has the same content (a package that did not change is not sent again).
ACCEPTED_SQL = """
    WITH accepted AS (
        SELECT version, checksum, submission_id, finished_at
        FROM audit.pushes
        WHERE county_code = $county AND period = $period AND outcome = 'accepted'
    )
    SELECT version, submission_id
    FROM accepted
    WHERE checksum = $checksum
      AND (version = $version OR version = (SELECT max(version) FROM accepted))
    ORDER BY version = $version DESC, finished_at DESC
    LIMIT 1
"""


def record_attempt(con: duckdb.DuckDBPyConnection, row: AttemptRow) -> None:
    """Append one attempt to audit.pushes."""
    con.execute(INSERT_SQL, list(astuple(row)))


def accepted_before(con: duckdb.DuckDBPyConnection, county: str, period: str, version: int,
                    checksum: str) -> tuple[int, str] | None:
    """(version, submission_id) under which the province already holds this content, else None."""
    params = {"county": county, "period": period, "version": version, "checksum": checksum}
    return con.execute(ACCEPTED_SQL, params).fetchone()

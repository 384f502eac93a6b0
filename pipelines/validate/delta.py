"""Measuring a key check over what the new files touched, when the rest of the table is known clean.

No key may appear twice among the current rows. The core build re-decides the current row of the keys
that new rows bring, and of no other key (sql/core/apply_latest.sql). So when the check's latest result
found nothing, and since then the only change to what it reads is files appended to its source's
registry — the same SQL, values, version and core definition, and every loaded row applied — the figure
for the whole table is the figure over the keys of those new files. A check that may be measured so
says so in the catalog (`Check.delta`); its SQL binds `$new_files` (null for the whole table).

A delta result is recorded like any other: its `inputs_sha256` is that of the whole table, so the next
run may carry it forward, and its `delta_state` says how many new files it was measured over.
"""

from __future__ import annotations

import json

from pipelines.validate.check import Check
from pipelines.validate.inputs import digest
from pipelines.validate.results import Recorded

LAYERS = ("raw", "staging", "core")
NO_PENDING_ROWS = [[0]]  # inputs.core_applied when the core build has applied every loaded row


def _source_tables(check: Check, tables: dict) -> list[str]:
    """The tables read that hold the check's own source (core.members, staging.members …)."""
    source = check.suite.split(".", 1)[1]
    return [t for t in tables if t.split(".")[0] in LAYERS and t.split(".")[1] == source]


def loaded_files(check: Check, found: dict) -> list | None:
    """The source's loaded files among the check's inputs (inputs.inputs), in registry order."""
    tables = found["tables"]
    own = _source_tables(check, tables)
    return tables[own[0]][0] if own else None


def delta_state(check: Check, found: dict | None, measured_over: int = 0) -> str | None:
    """What a later delta measurement needs, as JSON: a digest of every input but the source's file list,
    and that list's length and digest; None when the check has no delta or the build lags the files."""
    if not check.delta or found is None:
        return None
    tables = found["tables"]
    own = _source_tables(check, tables)
    if not own or any(tables[t][2] != NO_PENDING_ROWS for t in own):
        return None
    files = tables[own[0]][0]
    others = {**found, "tables": {t: ([None, *state[1:]] if t in own else state) for t, state in tables.items()}}
    return json.dumps({"base": digest(others), "count": len(files), "files": digest(files),
                       "new_files": measured_over})


def new_files(check: Check, last: Recorded | None, now_state: str | None, found: dict | None) -> list[str] | None:
    """The files loaded since the check's last clean result, when only they changed; else None."""
    if last is None or now_state is None or last.delta_state is None:
        return None
    if not last.passed or last.observed != "0":
        return None
    before, now = json.loads(last.delta_state), json.loads(now_state)
    if before["base"] != now["base"] or before["count"] >= now["count"]:
        return None
    files = loaded_files(check, found)
    if digest(files[: before["count"]]) != before["files"]:
        return None
    return [row[0] for row in files[before["count"]:]]

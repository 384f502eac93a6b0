"""The stand-in province's judgement of a submission body: every problem found, as the 422 list."""

from __future__ import annotations

import math
import re
from datetime import datetime

UNITS = ("COUNT", "RATIO", "DAYS", "CNY", "PER_1000")
STATUSES = ("A", "U", "M")
OBSERVATION_FIELDS = ("ref_area", "indicator", "value", "unit", "status")
PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
CHECKSUM = re.compile(r"[0-9a-fA-F]{64}")


def idempotency_key(county_code: object, period: object, version: object) -> str:
    """The key the contract requires: `{county_code}-{period}-v{version}`."""
    return f"{county_code}-{period}-v{version}"


def submission_errors(body: object, key_header: str | None) -> list[str]:
    """Every problem of a parsed body and its Idempotency-Key header (empty when acceptable)."""
    if not isinstance(body, dict):
        return ["body: must be a JSON object"]
    errors = header_errors(body, key_header)
    errors += [f"{name}: required" for name in FIELD_CHECKS if name not in body]
    errors += [f"{name}{problem}" for name, check in FIELD_CHECKS.items() if name in body
               for problem in check(body[name])]
    return errors


def header_errors(body: dict, key_header: str | None) -> list[str]:
    """The Idempotency-Key problem, if the header is absent or differs from the body's key."""
    expected = idempotency_key(body.get("county_code"), body.get("period"), body.get("version"))
    if not key_header:
        return [f"Idempotency-Key: header required ({expected})"]
    return [] if key_header == expected else [f"Idempotency-Key: must be {expected}"]


def is_int(value: object) -> bool:
    """True for a JSON integer (bool is not one)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    """True for a finite JSON number."""
    return (is_int(value) or isinstance(value, float)) and math.isfinite(value)


def text_problem(value: object) -> str | None:
    """Why a value is not a non-empty string."""
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


def period_problem(value: object) -> str | None:
    """Why a value is not a 'YYYY-MM' period."""
    return None if isinstance(value, str) and PERIOD.fullmatch(value) else "must be YYYY-MM"


def version_problem(value: object) -> str | None:
    """Why a value is not an integer version of 1 or more."""
    return None if is_int(value) and value >= 1 else "must be an integer >= 1"


def timestamp_problem(value: object) -> str | None:
    """Why a value is not an ISO 8601 timestamp with a UTC offset."""
    try:
        stamp = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        stamp = None
    return None if stamp and stamp.tzinfo else "must be an ISO 8601 timestamp with a UTC offset"


def checksum_problem(value: object) -> str | None:
    """Why a value is not a sha256 hex digest (the stub cannot recompute it: shape only)."""
    return None if isinstance(value, str) and CHECKSUM.fullmatch(value) else "must be 64 hex characters"


def observations_problems(value: object) -> list[str]:
    """Every problem of the observations list, each prefixed with its observation's index."""
    if not isinstance(value, list) or not value:
        return [": must be a non-empty list"]
    return [f"[{i}]{p}" for i, obs in enumerate(value) for p in observation_problems(obs)]


def observation_problems(obs: object) -> list[str]:
    """The problems of one observation."""
    if not isinstance(obs, dict):
        return [": must be an object"]
    missing = [f".{name}: required" for name in OBSERVATION_FIELDS if name not in obs]
    if missing:
        return missing
    problems = [f".{name}: {p}" for name in ("ref_area", "indicator") if (p := text_problem(obs[name]))]
    if obs["unit"] not in UNITS:
        problems.append(f".unit: must be one of {', '.join(UNITS)}")
    if obs["status"] not in STATUSES:
        problems.append(".status: must be one of A, U, M")
    elif obs["status"] == "M" and obs["value"] is not None:
        problems.append(".value: must be null when status is M")
    elif obs["status"] != "M" and not is_number(obs["value"]):
        problems.append(".value: must be a number unless status is M")
    return problems


def single(problem_of):
    """A field check giving a list of ': problem' entries from a one-problem check."""
    return lambda value: [f": {p}"] if (p := problem_of(value)) else []


# Each field and the check giving its problems (each entry is appended to the field's name).
FIELD_CHECKS = {
    "county_code": single(text_problem),
    "period": single(period_problem),
    "version": single(version_problem),
    "generated_at": single(timestamp_problem),
    "checksum": single(checksum_problem),
    "observations": observations_problems,
}

"""When the client tries again: busy answers and transport failures, with exponential back-off."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import datetime, timezone

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Busy(Exception):
    """The province answered 429/5xx: try again, after `retry_after` seconds if it said so."""

    def __init__(self, status: int, retry_after: float | None, errors: list[str] | None = None):
        said = f" {'; '.join(errors)}" if errors else ""  # what the province's error body said
        super().__init__(f"HTTP {status}{said}" + (f", Retry-After {retry_after:g}s" if retry_after is not None else ""))
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Backoff:
    """Waits between attempts, in seconds: `initial` doubling up to `maximum` (plus up to `initial` of
    jitter); a Retry-After is honoured up to `retry_after_max`. Tests pass small values."""

    initial: float = 1.0
    maximum: float = 30.0
    retry_after_max: float = 300.0

    def wait_for(self, exc: Exception) -> bool | float:
        """stamina's hook: False (do not retry), True (the back-off) or the seconds to wait."""
        if isinstance(exc, Busy):
            return True if exc.retry_after is None else min(exc.retry_after, self.retry_after_max)
        return isinstance(exc, httpx.TransportError)


def retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds (delta-seconds or an HTTP date), else None."""
    text = response.headers.get("Retry-After", "").strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())

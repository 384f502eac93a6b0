"""What the stand-in province has accepted, and its idempotency rule, shared by its handler threads."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timezone


class Ledger:
    """Accepted submissions keyed by Idempotency-Key, and the count of submission calls seen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[str, dict] = {}
        self.calls = 0

    def next_call(self) -> int:
        """Count one more submission call and return its number (1 for the first)."""
        with self._lock:
            self.calls += 1
            return self.calls

    def submit(self, key: str, body: dict) -> tuple[int, dict]:
        """The province's answer to a valid body: 201 new, 200 replayed (same body), 409 (another body)."""
        with self._lock:
            known = self._by_key.get(key)
            if known is None:
                known = self._by_key[key] = {
                    "submission_id": f"SUB-{uuid.uuid4().hex[:16].upper()}",
                    "idempotency_key": key,
                    "received_at": datetime.now(timezone.utc).isoformat(),
                    "body": body,
                }
                return 201, {"submission_id": known["submission_id"]}
        if known["body"] == body:
            return 200, {"submission_id": known["submission_id"], "replayed": True}
        return 409, {"errors": [f"{key} was already accepted with another body; send a new version"]}

    def accepted(self) -> list[dict]:
        """Every accepted submission, in the order it arrived."""
        with self._lock:
            return list(self._by_key.values())

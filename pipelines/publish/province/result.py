"""What a push gives back when it went through (or had gone through before)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PushResult:
    """How a push ended: `outcome` is accepted, replayed (the province had it) or already_accepted
    (audit.pushes says so; nothing sent). `attempts` counts the HTTP attempts made now."""

    idempotency_key: str
    outcome: str
    submission_id: str
    accepted_version: int
    attempts: int

    @property
    def message_zh(self) -> str:
        """What happened, for officers."""
        if self.outcome == "already_accepted":
            return (f"{self.idempotency_key} 的内容已作为第 {self.accepted_version} 版被省总工会接收"
                    f"（回执 {self.submission_id}），未重复报送")
        again = "（此前已接收，本次为重复报送）" if self.outcome == "replayed" else ""
        return f"省总工会已接收 {self.idempotency_key}，回执 {self.submission_id}{again}"

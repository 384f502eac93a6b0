"""The stand-in province's HTTP handler: auth, validation, idempotency and injected faults."""

from __future__ import annotations

import email.utils
import hmac
import json
import logging
import socket
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from pipelines.publish.province.checks import submission_errors
from pipelines.publish.province.ledger import Ledger

SUBMISSIONS = "/v1/submissions"
log = logging.getLogger("unionpipe.province_stub")


@dataclass(frozen=True)
class Faults:
    """Misbehaviour to inject: dropped connections, then busy answers; slow answers for the first calls."""

    drop_first: int = 0
    fail_first: int = 0
    fail_status: int = 503
    retry_after: float | None = None
    retry_after_as_date: bool = False  # send Retry-After as an HTTP date `retry_after` seconds ahead
    slow: float = 0.0
    slow_first: int = 0  # 0: every answer is slow

    def retry_after_header(self) -> dict[str, str]:
        """The Retry-After header of a busy answer, in seconds or as an HTTP date; none when not set."""
        if self.retry_after is None:
            return {}
        if self.retry_after_as_date:
            return {"Retry-After": email.utils.formatdate(time.time() + self.retry_after, usegmt=True)}
        return {"Retry-After": f"{self.retry_after:g}"}

    def is_slow(self, call: int) -> bool:
        """Whether answer number `call` waits `slow` seconds."""
        return self.slow > 0 and (self.slow_first == 0 or call <= self.slow_first)


@dataclass(frozen=True)
class Province:
    """What one stand-in province knows: its token, the county it allows (None: any) and its faults."""

    token: str
    county: str | None
    faults: Faults
    ledger: Ledger


class ProvinceHandler(BaseHTTPRequestHandler):
    """Answers POST and GET /v1/submissions for the `Province` set on the server as `.province`."""

    server_version = "ProvinceStub/1"

    @property
    def province(self) -> Province:
        """The province this server stands in for."""
        return self.server.province  # type: ignore[attr-defined]

    def do_POST(self) -> None:
        """One submission call: injected faults first, then the province's judgement."""
        if self.path != SUBMISSIONS:
            return self.answer(404, {"errors": [f"no such resource: {self.path}"]})
        call = self.province.ledger.next_call()
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        faults = self.province.faults
        if call <= faults.drop_first:
            log.info("call %d: connection dropped (injected)", call)
            return self.drop()
        if call <= faults.drop_first + faults.fail_first:
            extra = faults.retry_after_header()
            status, payload = faults.fail_status, {"errors": ["province busy (injected)"]}
        else:
            status, payload, extra = *self.judge(raw), {}
        if faults.is_slow(call):
            time.sleep(faults.slow)
        log.info("call %d: %s", call, status)
        self.answer(status, payload, extra)

    def do_GET(self) -> None:
        """The accepted submissions, for inspection (same bearer token)."""
        if self.path != SUBMISSIONS:
            return self.answer(404, {"errors": [f"no such resource: {self.path}"]})
        if not self.authorised():
            return self.answer(401, {"errors": ["missing or wrong bearer token"]})
        self.answer(200, {"submissions": self.province.ledger.accepted()})

    def judge(self, raw: bytes) -> tuple[int, dict]:
        """The province's answer to one submission's bytes."""
        if not self.authorised():
            return 401, {"errors": ["missing or wrong bearer token"]}
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, {"errors": ["body is not valid JSON"]}
        county = body.get("county_code") if isinstance(body, dict) else None
        if self.province.county is not None and county != self.province.county:
            return 403, {"errors": [f"token not allowed for county {county}"]}
        key = self.headers.get("Idempotency-Key")
        if errors := submission_errors(body, key):
            return 422, {"errors": errors}
        return self.province.ledger.submit(key, body)

    def authorised(self) -> bool:
        """Whether the Authorization header carries the province's bearer token."""
        given = (self.headers.get("Authorization") or "").encode("utf-8")
        return hmac.compare_digest(given, f"Bearer {self.province.token}".encode("utf-8"))

    def answer(self, status: int, payload: dict, headers: dict | None = None) -> None:
        """Write a JSON answer; a client that already hung up is not an error here."""
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            log.info("client gone before the answer")

    def drop(self) -> None:
        """Close the connection without answering."""
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        """Request lines go to logging (they never carry headers, so never the token)."""
        log.debug(format, *args)

"""A stand-in for the province's reporting API (contract: province-api.md), on 127.0.0.1 only.

Used by the tests and by officers rehearsing a push (`unionpipe province-stub`); it keeps what it
accepted in memory.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from http.server import ThreadingHTTPServer

from pipelines.publish.province.handler import SUBMISSIONS, Faults, Province, ProvinceHandler
from pipelines.publish.province.ledger import Ledger

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
POLL_SECONDS = 0.05  # how soon stop() is noticed
log = logging.getLogger("unionpipe.province_stub")


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server whose handler failures go to logging, not to stderr."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Log a failed request (a client hanging up mid-answer is routine here)."""
        log.debug("request from %s failed", client_address[0], exc_info=True)


def loopback_host(host: str) -> str:
    """`host` if it resolves to a loopback address; the stand-in never listens beyond this machine."""
    address = ipaddress.ip_address(socket.gethostbyname(host))
    if not address.is_loopback:
        raise ValueError(f"STUB_HOST_NOT_LOOPBACK: 替身省平台只能监听本机地址（127.0.0.1），不能监听 {host}")
    return host


class ProvinceStub:
    """The stand-in province as a context manager running in a thread: `.url`, `.accepted`, `.calls`.

    Keyword arguments beyond host and port are the `Faults` to inject (fail_first, fail_status,
    retry_after, slow, slow_first, drop_first); `county` None lets the token submit for any county.
    """

    def __init__(self, token: str, county: str | None = None, *, host: str = DEFAULT_HOST, port: int = 0,
                 **faults) -> None:
        if not token:
            raise ValueError("STUB_TOKEN_MISSING: 替身省平台需要令牌")
        self.ledger = Ledger()
        self.server = QuietServer((loopback_host(host), port), ProvinceHandler)
        self.server.province = Province(token, county, Faults(**faults), self.ledger)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL to give the client (append /v1/submissions for the endpoint)."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def submissions_url(self) -> str:
        """The submissions endpoint."""
        return self.url + SUBMISSIONS

    @property
    def accepted(self) -> list[dict]:
        """Every accepted submission: submission_id, idempotency_key, received_at, body."""
        return self.ledger.accepted()

    @property
    def calls(self) -> int:
        """How many POST /v1/submissions calls arrived (dropped and failed ones included)."""
        return self.ledger.calls

    def start(self) -> "ProvinceStub":
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.server.serve_forever, args=(POLL_SECONDS,),
                                        name="province-stub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join()
        self.server.server_close()

    def serve(self) -> None:
        """Serve in this thread until interrupted (Ctrl-C), then free the port."""
        try:
            self.server.serve_forever(POLL_SECONDS)
        except KeyboardInterrupt:
            pass
        finally:
            self.server.server_close()

    def __enter__(self) -> "ProvinceStub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

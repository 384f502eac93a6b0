"""The province client: send one published package to POST /v1/submissions (contract: province-api.md).

Busy answers and transport failures are retried with exponential back-off; refusals are not. Every
attempt goes to audit.pushes; the token goes only into the Authorization header of the request.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import httpx
import stamina

from pipelines.publish.province.audit import AttemptRow, accepted_before, record_attempt
from pipelines.publish.province.backoff import RETRY_STATUSES, Backoff, Busy, retry_after
from pipelines.publish.province.errors import (  # noqa: F401 - the errors callers catch live here too
    InsecureEndpoint, PackageInvalid, PersonalDataSuspected, PushError, PushFailed, PushNotConfigured, PushRefused,
    error_text, refusal)
from pipelines.publish.province.package import Package, read_package
from pipelines.publish.province.privacy import personal_data_hits
from pipelines.publish.province.result import PushResult
from pipelines.settings import Settings

SUBMISSIONS_PATH = "/v1/submissions"
LOOPBACK = ("127.0.0.1", "::1", "localhost")  # plain HTTP never leaves this machine: the stand-in province
log = logging.getLogger("unionpipe.push")


def push_package(con: duckdb.DuckDBPyConnection, package_dir: Path, settings: Settings,
                 backoff: Backoff = Backoff()) -> PushResult:
    """Send the package in `package_dir` to the province unless it already holds that content."""
    package = read_package(Path(package_dir))
    url, token = endpoint(settings), bearer_token(settings)
    if hits := personal_data_hits(package.body()):
        raise PersonalDataSuspected(", ".join(hits), "数据包中有疑似身份证号或手机号的内容，已停止报送：请检查发布结果")
    if prior := accepted_before(con, package.county_code, package.period, package.version, package.checksum):
        return PushResult(package.idempotency_key, "already_accepted", prior[1], prior[0], 0)
    return send(con, package, url, token, settings, backoff)


def endpoint(settings: Settings) -> str:
    """The submissions URL, or PushNotConfigured (InsecureEndpoint for plain http:// beyond this machine)."""
    if not settings.province_url.strip():
        raise PushNotConfigured("UNIONPIPE_PROVINCE_URL is not set", "未设置省总工会接口地址：请设置 UNIONPIPE_PROVINCE_URL")
    url = settings.province_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK):
        return url + SUBMISSIONS_PATH
    raise InsecureEndpoint(
        f"UNIONPIPE_PROVINCE_URL must be https:// (plain http:// only to this machine: {', '.join(LOOPBACK)}); "
        f"the bearer token would cross the network readable by anyone on the way: {parts.scheme}://{parts.hostname}",
        "省总工会接口地址必须以 https:// 开头（只有本机 127.0.0.1 / localhost 的模拟省端可以用 http://）："
        "用明文 http 报送，令牌会在网络上被人截获。请改正 UNIONPIPE_PROVINCE_URL")


def bearer_token(settings: Settings) -> str:
    """The province token, or PushNotConfigured (which never repeats it)."""
    token = settings.province_token().strip()
    if not token:
        raise PushNotConfigured("UNIONPIPE_PROVINCE_TOKEN is not set",
                                "未找到省总工会令牌：请设置 UNIONPIPE_PROVINCE_TOKEN，或写入密钥文件")
    return token


def send(con: duckdb.DuckDBPyConnection, package: Package, url: str, token: str, settings: Settings,
         backoff: Backoff) -> PushResult:
    """POST the package, retrying busy answers and transport failures; PushFailed when attempts run out."""
    call = Call(con, package, url, str(uuid.uuid4()), settings.push_attempts)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": package.idempotency_key,
               "Content-Type": "application/json"}
    content = json.dumps(package.body(), ensure_ascii=False).encode("utf-8")
    try:
        with httpx.Client(timeout=settings.push_timeout, headers=headers) as client:
            for attempt in stamina.retry_context(
                on=backoff.wait_for, attempts=settings.push_attempts, timeout=None,
                wait_initial=backoff.initial, wait_max=backoff.maximum, wait_jitter=backoff.initial,
            ):
                with attempt:
                    return call.attempt(client, content, attempt.num)
    except (Busy, httpx.TransportError) as exc:
        raise PushFailed(f"{package.idempotency_key}: {settings.push_attempts} attempts, last {describe(exc)}",
                         f"省总工会接口繁忙或无法连接，已尝试 {settings.push_attempts} 次仍未成功：请稍后重新报送"
                         f"（最后一次：{describe(exc)}）", attempts=settings.push_attempts) from None
    raise AssertionError("unreachable: stamina either returns or raises")


def describe(exc: Exception) -> str:
    """A transport failure or busy answer in a few words (never request headers)."""
    return str(exc) if isinstance(exc, Busy) else exc.__class__.__name__


@dataclass
class Call:
    """One push of one package: performs and records its attempts."""

    con: duckdb.DuckDBPyConnection
    package: Package
    url: str
    push_id: str
    attempts: int

    def attempt(self, client: httpx.Client, content: bytes, num: int) -> PushResult:
        """One HTTP attempt: the result, or Busy / a transport error to retry, or PushRefused."""
        started = datetime.now(timezone.utc)
        again = "retry" if num < self.attempts else "failed"
        gave_up = PushFailed.code if again == "failed" else None
        try:
            response = client.post(self.url, content=content)
        except httpx.TransportError as exc:
            self.record(num, started, outcome=again, error_class=exc.__class__.__name__, error_code=gave_up,
                        detail=str(exc) or None)
            raise
        status = response.status_code
        log.info("push %s attempt %d: HTTP %d", self.package.idempotency_key, num, status)
        answer = parsed(response)
        if status in (200, 201) and isinstance(answer.get("submission_id"), str):
            replayed = status == 200
            self.record(num, started, outcome="accepted", http_status=status,
                        submission_id=answer["submission_id"], replayed=replayed)
            return PushResult(self.package.idempotency_key, "replayed" if replayed else "accepted",
                              answer["submission_id"], self.package.version, num)
        if status in RETRY_STATUSES:
            self.record(num, started, outcome=again, http_status=status, error_code=gave_up)
            raise Busy(status, retry_after(response), [error_text(e) for e in answer.get("errors", [])])
        errors = [error_text(e) for e in answer.get("errors", [])] or ([] if status >= 300 else ["no submission_id"])
        error = refusal(status, errors, self.package.idempotency_key)
        self.record(num, started, outcome="refused", http_status=status, error_code=error.code,
                    detail=json.dumps(errors, ensure_ascii=False))
        raise error

    def record(self, num: int, started: datetime, outcome: str, http_status: int | None = None,
               error_class: str | None = None, submission_id: str | None = None, replayed: bool | None = None,
               error_code: str | None = None, detail: str | None = None) -> None:
        """Write this attempt to audit.pushes."""
        p = self.package
        record_attempt(self.con, AttemptRow(
            self.push_id, p.county_code, p.period, p.version, p.idempotency_key, p.checksum, num, self.url,
            http_status, error_class, submission_id, replayed, outcome, error_code, detail,
            started, datetime.now(timezone.utc)))
        if error_class:
            log.warning("push %s attempt %d: %s", p.idempotency_key, num, error_class)


def parsed(response: httpx.Response) -> dict:
    """The answer's JSON object, or {} when it is not one."""
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}

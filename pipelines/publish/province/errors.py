"""Why a push did not go through: a stable English code beside a plain Chinese sentence.

No message here ever holds the token or the Authorization header.
"""

from __future__ import annotations


class PushError(Exception):
    """A push that stopped: `code` (stable, English), `message_zh` (for officers), `detail` (English)."""

    code = "PUSH_ERROR"

    def __init__(self, detail: str, message_zh: str, code: str | None = None):
        self.code = code or self.code
        self.detail = detail
        self.message_zh = message_zh
        super().__init__(f"{self.code}: {message_zh} ({detail})")

    @property
    def message_en(self) -> str:
        """The English beside the Chinese sentence: what happened, in the detail's words."""
        return f"The push stopped: {self.detail}"


class PushNotConfigured(PushError):
    """The province URL or token is missing; nothing was sent."""

    code = "PUSH_NOT_CONFIGURED"


class InsecureEndpoint(PushNotConfigured):
    """The province URL is plain http:// to another machine: the token would cross the network readable."""

    code = "INSECURE_PROVINCE_URL"


class PackageInvalid(PushError):
    """The package cannot be read or does not agree with its manifest; nothing was sent."""

    code = "PACKAGE_INVALID"


class PersonalDataSuspected(PushError):
    """The body holds something shaped like an ID or mobile number; nothing was sent."""

    code = "PERSONAL_DATA_SUSPECTED"


class PushRefused(PushError):
    """The province refused the submission (400/401/403/409/422 or another final answer); not retried."""

    code = "PROVINCE_REFUSED"

    def __init__(self, detail: str, message_zh: str, code: str | None = None, *, status: int,
                 errors: list[str] | None = None):
        self.status = status
        self.errors = errors or []
        super().__init__(detail, message_zh, code)

    @property
    def message_en(self) -> str:
        """The province's answer: its HTTP status and what its error body said."""
        said = "; ".join(self.errors) or "no reason given"
        return f"The province refused the submission with HTTP {self.status}: {said}"


class PushFailed(PushError):
    """The province stayed busy or unreachable through every attempt."""

    code = "PROVINCE_UNAVAILABLE"

    def __init__(self, detail: str, message_zh: str, *, attempts: int):
        self.attempts = attempts
        super().__init__(detail, message_zh)


def error_text(error: object) -> str:
    """One error of the province's body as text: 'code: message' for an object, else the value itself."""
    if isinstance(error, dict):
        code, message = error.get("code"), error.get("message")
        if code or message:
            return ": ".join(str(x) for x in (code, message) if x)
    return str(error)


def refusal(status: int, errors: list[str], key: str) -> PushRefused:
    """The error for a final (non-retried) answer of the province to submission `key`."""
    listed = "；".join(errors) or "（未给出原因）"
    county, _, rest = key.partition("-")
    known = {
        400: ("PROVINCE_BAD_REQUEST", f"省总工会无法读取本次报送（请求格式错误）：{listed}"),
        401: ("PROVINCE_TOKEN_REJECTED", "省总工会拒绝了令牌：请检查 UNIONPIPE_PROVINCE_TOKEN"),
        403: ("PROVINCE_COUNTY_FORBIDDEN", f"该令牌无权报送县（区）{county} 的数据：请向省总工会确认令牌对应的县（区）"),
        409: ("PROVINCE_VERSION_CONFLICT",
              f"省总工会已接收过 {key}，且内容不同：数据有变化时须重新发布生成新版本后再报送"),
        422: ("PROVINCE_BODY_INVALID", f"省总工会退回了本次报送，问题如下：{listed}"),
    }
    code, message = known.get(status, ("PROVINCE_UNEXPECTED_ANSWER", f"省总工会返回了意外的状态码 {status}：{listed}"))
    message += f"（HTTP {status}）"
    return PushRefused(f"{key}: HTTP {status} {'; '.join(errors)}".strip(), message, code,
                       status=status, errors=errors)

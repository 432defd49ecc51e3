"""Errors with a stable machine code and a Chinese message for people."""

from __future__ import annotations

from typing import Any


class ZhifaError(Exception):
    """Base error: `code` is stable for machines, `message` is Chinese for people."""

    code = "internal_error"
    http_status = 500

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON body used by the API and `--json` CLI output."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


class ValidationFailed(ZhifaError):
    """Input does not satisfy the rules."""

    code = "validation_error"
    http_status = 422


class NotFound(ZhifaError):
    """The record does not exist — or lies outside the caller's scope (same answer on purpose)."""

    code = "not_found"
    http_status = 404


class Unauthenticated(ZhifaError):
    """No valid login, session or token."""

    code = "unauthenticated"
    http_status = 401


class PermissionDenied(ZhifaError):
    """The caller is known but the role does not allow the action."""

    code = "permission_denied"
    http_status = 403


class Conflict(ZhifaError):
    """A concurrent change or a uniqueness rule prevented the write."""

    code = "conflict"
    http_status = 409


class PayloadTooLarge(ZhifaError):
    """The request, one of its files or their number exceeds the configured limits."""

    code = "payload_too_large"
    http_status = 413


class TooManyAttempts(ZhifaError):
    """Throttled after repeated failures."""

    code = "too_many_attempts"
    http_status = 429


class ConfigurationError(ZhifaError):
    """The configuration is unusable (bad URL, placeholder secret in production, ...)."""

    code = "configuration_error"
    http_status = 500


class StorageUnavailable(ZhifaError):
    """The database cannot be reached."""

    code = "storage_unavailable"
    http_status = 503


def retry_after(exc: ZhifaError) -> dict[str, str] | None:
    """The Retry-After header of a throttled answer (None for other errors)."""
    details = exc.details if isinstance(exc, TooManyAttempts) else None
    seconds = details.get("retry_after_seconds") if isinstance(details, dict) else None
    return {"Retry-After": str(max(1, int(seconds)))} if isinstance(seconds, int | float) else None


FILL_HINT = (
    "填充方法：在能访问公开数据源时运行 zhifa data fetch，或设置 ZHIFA_DATA_SOURCE=<含 laws/ 与 decisions/ "
    "的本地数据目录> 后运行 zhifa data fetch；再运行 zhifa demo prepare 导入法律与判例并训练智能助手"
)


class LibraryEmpty(ZhifaError):
    """The law or precedent library holds nothing yet: the data directory was never filled and imported."""

    code = "library_empty"
    http_status = 409

    @classmethod
    def of(cls, library: str, code: str) -> LibraryEmpty:
        """The error for one library (法律库, 判例库), naming how to fill it."""
        return cls(f"{library}为空：尚未导入数据。{FILL_HINT}", code=code)

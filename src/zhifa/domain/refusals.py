"""Refusals raised by `decide`: each has a stable code and a Chinese reason; nothing is written."""

from __future__ import annotations

from zhifa.errors import NotFound, PermissionDenied, ValidationFailed


class TransitionRefused(ValidationFailed):
    """The command is not allowed now: wrong stage, missing sign-off, bad input (422)."""

    code = "transition_refused"

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason, code=code)


class ActionForbidden(PermissionDenied):
    """The actor may see the case but may not do this (role, qualification, conflict of interest) (403)."""

    code = "action_forbidden"

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason, code=code)


class CaseNotVisible(NotFound):
    """The case does not exist or lies outside the actor's scope — the same answer on purpose (404)."""

    code = "case_not_found"

    def __init__(self) -> None:
        super().__init__("案件不存在或不在您的管辖范围内", code="case_not_found")


def refuse(code: str, reason: str) -> TransitionRefused:
    """Shorthand used by the transition rules: `raise refuse("code", "中文原因")`."""
    return TransitionRefused(code, reason)

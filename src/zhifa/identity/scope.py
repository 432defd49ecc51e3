"""Actors from users, and the scope and role checks every service function uses."""

from __future__ import annotations

from collections.abc import Iterable

from zhifa.domain.actors import ROLE_LABELS, Actor, Role
from zhifa.errors import NotFound, PermissionDenied, ValidationFailed
from zhifa.store.models.identity import User

_LABEL_TO_ROLE = {label: role for role, label in ROLE_LABELS.items()}


def parse_role(value: str) -> Role:
    """A role from its English value (`handler`) or Chinese label (`办案人员`)."""
    text = value.strip()
    if text.lower() in {r.value for r in Role}:
        return Role(text.lower())
    if text in _LABEL_TO_ROLE:
        return _LABEL_TO_ROLE[text]
    known = "、".join(f"{r.value}（{r.label}）" for r in Role)
    raise ValidationFailed(f"未知角色“{value}”，可选：{known}", code="unknown_role")


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Several roles (duplicates ignored); at least one is required."""
    roles = frozenset(parse_role(v) for v in values)
    if not roles:
        raise ValidationFailed("至少需要指定一个角色", code="role_required")
    return roles


def actor_from_user(user: User) -> Actor:
    """The Actor acting as this user, with the scope of the user's agency subtree."""
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        agency_id=user.agency_id,
        agency_code=user.agency.code,
        agency_path=user.agency.path,
        roles=frozenset(Role(r.role) for r in user.roles),
        credential_no=user.credential_no,
        legal_qualification=user.legal_qualification,
        legal_review_since=user.legal_review_since,
    )


def missing(kind: str = "记录", code: str = "not_found") -> NotFound:
    """The one NotFound answer for a record that is absent — or outside the caller's scope."""
    return NotFound(f"{kind}不存在或无权查看", code=code)


def in_scope(actor: Actor, agency_path: str) -> bool:
    """True when the agency (by path) lies in the actor's subtree."""
    return bool(agency_path) and actor.covers(agency_path)


def ensure_in_scope(actor: Actor, agency_path: str, kind: str = "记录", code: str = "not_found") -> None:
    """Raise the same NotFound as a missing record when the agency lies outside the actor's scope."""
    if not in_scope(actor, agency_path):
        raise missing(kind, code)


def require_role(actor: Actor, *roles: Role) -> None:
    """Raise PermissionDenied unless the actor holds one of the roles."""
    if not any(actor.has(r) for r in roles):
        names = "或".join(r.label for r in roles)
        raise PermissionDenied(f"此操作需要{names}角色", code="role_required")


def ensure_can_write(actor: Actor) -> None:
    """Raise PermissionDenied for 纪检监察 (read-only oversight) and actors without roles."""
    if actor.has(Role.INSPECTOR):
        raise PermissionDenied("纪检监察人员只能查看，不能修改数据", code="read_only_role")
    if not actor.roles:
        raise PermissionDenied("当前用户没有任何角色，不能修改数据", code="role_required")


def ensure_handler(actor: Actor) -> None:
    """A write as 办案人员: the role and an enforcement credential number (执法证号)."""
    ensure_can_write(actor)
    require_role(actor, Role.HANDLER)
    if not actor.credential_no:
        raise PermissionDenied("办案人员须持有执法证才能办理案件", code="credential_required")


def ensure_legal_reviewer(actor: Actor) -> None:
    """A 法制审核 sign-off: 审核人员 holding 法律职业资格."""
    ensure_can_write(actor)
    require_role(actor, Role.REVIEWER)
    if not actor.may_do_legal_review:
        raise PermissionDenied(
            "法制审核须由取得法律职业资格的审核人员进行（《行政处罚法》第五十八条第二款）",
            code="legal_qualification_required",
        )

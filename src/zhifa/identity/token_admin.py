"""Who may make API tokens: everyone for themselves except 纪检监察, whose tokens an administrator issues."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from zhifa.domain.actors import Actor, Role
from zhifa.errors import PermissionDenied
from zhifa.identity.auth import IssuedToken, create_token, tokens_of
from zhifa.identity.scope import ensure_can_write, ensure_in_scope, missing, require_role
from zhifa.store.models.identity import User
from zhifa.store.uow import UnitOfWork


def create_own_token(uow: UnitOfWork, actor: Actor, **kwargs: Any) -> IssuedToken:
    """A bearer token for the caller itself; 纪检监察 writes nothing, so an administrator issues theirs."""
    if actor.has(Role.INSPECTOR):
        raise PermissionDenied("纪检监察人员不能自行创建访问令牌，请由系统管理员签发", code="read_only_role")
    ensure_can_write(actor)
    return create_token(uow, actor.user_id, **kwargs)


def _managed_user(session: Session, actor: Actor, user_id: int) -> User:
    """A 纪检监察 user in the administrator's scope (the only users whose tokens an administrator manages)."""
    ensure_can_write(actor)
    require_role(actor, Role.ADMIN)
    user = session.get(User, user_id)
    if user is None:
        raise missing("用户", "user_not_found")
    ensure_in_scope(actor, user.agency.path, "用户", "user_not_found")
    if not any(r.role == Role.INSPECTOR.value for r in user.roles):
        raise PermissionDenied(
            "管理员只为纪检监察人员签发访问令牌；其他用户请自行创建", code="token_not_for_role"
        )
    return user


def issue_token_for(uow: UnitOfWork, actor: Actor, user_id: int, **kwargs: Any) -> IssuedToken:
    """An administrator issues a bearer token to a 纪检监察 user in scope."""
    with uow:
        user = _managed_user(uow.session, actor, user_id)
        if not user.active:
            raise missing("用户", "user_not_found")
    return create_token(uow, user_id, **kwargs)


def list_user_tokens(uow: UnitOfWork, actor: Actor, user_id: int) -> list[dict[str, Any]]:
    """The tokens of a 纪检监察 user in the administrator's scope (never the secret)."""
    with uow:
        _managed_user(uow.session, actor, user_id)
    return tokens_of(uow, user_id)

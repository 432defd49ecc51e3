"""Account changes: passwords, roles, deactivation — each ends the user's browser sessions."""

from __future__ import annotations

from sqlalchemy.orm import Session

from zhifa.domain.actors import Actor, Role
from zhifa.errors import PermissionDenied, ValidationFailed
from zhifa.identity.actor_cache import identity_changed
from zhifa.identity.passwords import hash_password, verify_password
from zhifa.identity.scope import ensure_can_write, ensure_in_scope, missing, parse_roles, require_role
from zhifa.identity.sessions import revoke_user_sessions
from zhifa.identity.users import UserInfo, validate_roles
from zhifa.store.models.identity import User, UserRole
from zhifa.store.uow import UnitOfWork


def _admin_target(session: Session, actor: Actor | None, user_id: int) -> User:
    """A user an administrator in scope may change (actor None = command line)."""
    if actor is not None:
        ensure_can_write(actor)
        require_role(actor, Role.ADMIN)
    user = session.get(User, user_id)
    if user is None:
        raise missing("用户", "user_not_found")
    if actor is not None:
        ensure_in_scope(actor, user.agency.path, "用户", "user_not_found")
    return user


def change_own_password(uow: UnitOfWork, actor: Actor, current: str, new: str) -> None:
    """The caller changes its password (current one required); all its sessions end, this one included."""
    with uow:
        user = uow.session.get(User, actor.user_id)
        if user is None or not user.active:
            raise missing("用户", "user_not_found")
        if not verify_password(user.password_hash, current):
            raise PermissionDenied("当前密码不正确", code="wrong_password")
        if new == current:
            raise ValidationFailed("新密码不能与当前密码相同", code="password_unchanged")
        user.password_hash = hash_password(new, user.username)
        revoke_user_sessions(uow.session, user.id)
        uow.commit()
    identity_changed()


def reset_password(uow: UnitOfWork, actor: Actor | None, user_id: int, new: str) -> None:
    """An administrator (or the command line) sets a user's password; the user's sessions end."""
    with uow:
        user = _admin_target(uow.session, actor, user_id)
        user.password_hash = hash_password(new, user.username)
        revoke_user_sessions(uow.session, user.id)
        uow.commit()
    identity_changed()


def update_user(
    uow: UnitOfWork,
    actor: Actor | None,
    user_id: int,
    *,
    roles: list[str] | None = None,
    active: bool | None = None,
) -> UserInfo:
    """Change a user's roles and/or active flag; any real change ends the user's sessions."""
    with uow:
        user = _admin_target(uow.session, actor, user_id)
        changed = False
        if roles is not None:
            wanted = parse_roles(roles)
            validate_roles(wanted, user.credential_no, user.legal_qualification)
            if actor is not None and user.id == actor.user_id and Role.ADMIN not in wanted:
                raise ValidationFailed("不能取消自己的系统管理员角色", code="cannot_demote_self")
            held = frozenset(Role(r.role) for r in user.roles)
            if wanted != held:
                for row in [r for r in user.roles if Role(r.role) not in wanted]:
                    user.roles.remove(row)
                uow.session.flush()  # removals first: (user_id, role) is unique
                user.roles.extend(UserRole(role=r.value) for r in sorted(wanted - held, key=list(Role).index))
                changed = True
        if active is not None and active != user.active:
            if actor is not None and user.id == actor.user_id:
                raise ValidationFailed("不能停用自己的账号", code="cannot_disable_self")
            user.active = active
            changed = True
        if changed:
            revoke_user_sessions(uow.session, user.id)
        uow.session.flush()
        info = UserInfo.of(user)
        uow.commit()
    if changed:
        identity_changed()
    return info

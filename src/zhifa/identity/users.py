"""Users: repository queries and the service functions that create, list and read them (scoped)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager

from zhifa.domain.actors import Actor, Role
from zhifa.errors import Conflict, NotFound, ValidationFailed
from zhifa.identity.passwords import check_policy, hash_password
from zhifa.identity.scope import ensure_can_write, ensure_in_scope, missing, parse_roles, require_role
from zhifa.store.models.identity import Agency, User, UserRole
from zhifa.store.uow import UnitOfWork
from zhifa.timefmt import beijing

USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")
CREDENTIAL_RE = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff-]{4,32}$")
VIEW_ROLES = (Role.ADMIN, Role.HEAD, Role.INSPECTOR)


@dataclass(frozen=True)
class UserInfo:
    """A user as services hand it out (never the password hash)."""

    id: int
    username: str
    display_name: str
    agency_code: str
    agency_name: str
    agency_path: str
    roles: tuple[Role, ...]
    credential_no: str | None
    legal_qualification: bool
    active: bool
    created_at: datetime
    legal_review_since: date | None = None

    @classmethod
    def of(cls, user: User) -> UserInfo:
        """Build from a User row (its agency and roles loaded)."""
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            agency_code=user.agency.code,
            agency_name=user.agency.name,
            agency_path=user.agency.path,
            roles=tuple(sorted((Role(r.role) for r in user.roles), key=list(Role).index)),
            credential_no=user.credential_no,
            legal_qualification=user.legal_qualification,
            active=user.active,
            created_at=user.created_at,
            legal_review_since=user.legal_review_since,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (roles with their Chinese labels)."""
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "agency": {"code": self.agency_code, "name": self.agency_name},
            "roles": [r.value for r in self.roles],
            "role_labels": [r.label for r in self.roles],
            "credential_no": self.credential_no,
            "legal_qualification": self.legal_qualification,
            "legal_review_since": self.legal_review_since.isoformat() if self.legal_review_since else None,
            "active": self.active,
            "created_at": self.created_at.isoformat(),
        }


def normalize_username(username: str) -> str:
    """Lower-case, trimmed username (logins are case-insensitive)."""
    return username.strip().lower()


def find_user(session: Session, username: str) -> User | None:
    """The user with this username, or None."""
    return session.scalar(select(User).where(User.username == normalize_username(username)))


def find_agency(session: Session, code: str) -> Agency | None:
    """The agency with this code, or None."""
    return session.scalar(select(Agency).where(Agency.code == code.strip()))


def _validate(
    username: str, display_name: str, roles: frozenset[Role], credential_no: str | None, legal: bool
) -> None:
    if not USERNAME_RE.match(username):
        raise ValidationFailed(
            "用户名须为 2～32 位小写字母、数字、下划线、点或连字符，并以字母开头", code="bad_username"
        )
    if not display_name or len(display_name) > 64:
        raise ValidationFailed("显示名不能为空，且不超过 64 个字符", code="bad_display_name")
    validate_roles(roles, credential_no, legal)


def validate_roles(roles: frozenset[Role], credential_no: str | None, legal: bool) -> None:
    """Raise ValidationFailed unless the roles fit together and with the credential and qualification."""
    if Role.INSPECTOR in roles and len(roles) > 1:
        raise ValidationFailed("纪检监察角色只读监督，不能与其他角色兼任", code="role_conflict")
    if Role.HANDLER in roles and not credential_no:
        raise ValidationFailed("办案人员必须填写执法证号", code="credential_required")
    if credential_no is not None and not CREDENTIAL_RE.match(credential_no):
        raise ValidationFailed(
            "执法证号格式不正确（4～32 位字母、数字、汉字或连字符）", code="bad_credential_no"
        )
    if legal and Role.REVIEWER not in roles:
        raise ValidationFailed(
            "法律职业资格标记只适用于审核人员", code="legal_qualification_requires_reviewer"
        )


def add_user(
    session: Session,
    actor: Actor | None,
    *,
    username: str,
    agency_code: str,
    roles: list[str] | frozenset[Role],
    password: str,
    display_name: str | None = None,
    credential_no: str | None = None,
    legal_qualification: bool = False,
    legal_review_since: date | None = None,
    now: datetime | None = None,
    demo: bool = False,
) -> User:
    """Validate and add a user to the session without committing (actor None = command-line bootstrap).

    `demo=True` (the demonstration accounts only) lets the published demo password through.
    """
    if actor is not None:
        ensure_can_write(actor)
        require_role(actor, Role.ADMIN)
    name = normalize_username(username)
    role_set = roles if isinstance(roles, frozenset) else parse_roles(roles)
    credential = (credential_no or "").strip() or None
    shown = (display_name or "").strip() or name
    _validate(name, shown, role_set, credential, legal_qualification or legal_review_since is not None)
    if legal_review_since is not None and legal_review_since > beijing(now or datetime.now(UTC)).date():
        raise ValidationFailed("首次从事法制审核的日期不能晚于今天", code="bad_legal_review_since")
    check_policy(password, name, demo=demo and actor is None)
    agency = find_agency(session, agency_code)
    if agency is None or (actor is not None and not actor.covers(agency.path)):
        raise NotFound(f"机构不存在或不在管辖范围内：{agency_code}", code="agency_not_found")
    if not agency.active:
        raise ValidationFailed(f"机构已停用：{agency.name}", code="agency_inactive")
    if find_user(session, name) is not None:
        raise Conflict(f"用户名已存在：{name}", code="duplicate_username")
    if credential and session.scalar(select(User.id).where(User.credential_no == credential)):
        raise Conflict(f"执法证号已登记在其他用户名下：{credential}", code="duplicate_credential")
    user = User(
        username=name,
        display_name=shown,
        agency=agency,
        password_hash=hash_password(password, name, demo=demo and actor is None),
        credential_no=credential,
        legal_qualification=legal_qualification,
        legal_review_since=legal_review_since,
        active=True,
        failed_logins=0,
        created_at=now or datetime.now(UTC),
        roles=[UserRole(role=r.value) for r in sorted(role_set, key=list(Role).index)],
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent creation of the same username
        raise Conflict(f"用户名已存在：{name}", code="duplicate_username") from exc
    return user


def create_user(uow: UnitOfWork, actor: Actor | None, **fields: Any) -> UserInfo:
    """Create a user (see add_user for the fields and rules) and commit."""
    with uow:
        user = add_user(uow.session, actor, **fields)
        info = UserInfo.of(user)
        uow.commit()
    return info


def list_users(uow: UnitOfWork, actor: Actor | None, agency_code: str | None = None) -> list[UserInfo]:
    """Users in the actor's subtree (or below `agency_code` inside it); actor None = all (command line)."""
    if actor is not None:
        require_role(actor, *VIEW_ROLES)
    with uow:
        stmt = (
            select(User)
            .join(User.agency)
            .options(contains_eager(User.agency))
            .order_by(Agency.path, User.username)
        )
        if actor is not None:
            stmt = stmt.where(Agency.path.startswith(actor.agency_path, autoescape=True))
        if agency_code:
            agency = find_agency(uow.session, agency_code)
            if agency is None or (actor is not None and not actor.covers(agency.path)):
                raise NotFound(f"机构不存在或不在管辖范围内：{agency_code}", code="agency_not_found")
            stmt = stmt.where(Agency.path.startswith(agency.path, autoescape=True))
        return [UserInfo.of(u) for u in uow.session.scalars(stmt)]


def get_user(uow: UnitOfWork, actor: Actor, user_id: int) -> UserInfo:
    """One user: oneself, or (管理员/负责人/纪检监察) a user in scope; else the missing-record answer."""
    if user_id != actor.user_id:
        require_role(actor, *VIEW_ROLES)
    with uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise missing("用户", "user_not_found")
        ensure_in_scope(actor, user.agency.path, "用户", "user_not_found")
        return UserInfo.of(user)


def count_users(uow: UnitOfWork) -> int:
    """Number of users (all agencies)."""
    with uow:
        return int(uow.session.scalar(select(func.count(User.id))) or 0)

"""Authentication: password logins with throttling, bearer tokens (SM3-hashed), session actors."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from zhifa.config import Settings, get_settings
from zhifa.domain.actors import Actor, Role
from zhifa.errors import TooManyAttempts, Unauthenticated, ValidationFailed
from zhifa.identity import throttle
from zhifa.identity.actor_cache import identity_changed
from zhifa.identity.passwords import burn_verification, needs_rehash, rehash, verify_password
from zhifa.identity.scope import actor_from_user, ensure_can_write, ensure_in_scope, missing
from zhifa.identity.throttle import Refusal
from zhifa.identity.users import find_user, normalize_username
from zhifa.store.models.identity import Agency, ApiToken, LoginAttempt, User, UserRole
from zhifa.store.uow import UnitOfWork

BAD_CREDENTIALS = "用户名或密码错误"
BAD_TOKEN = "访问令牌无效、已过期或已撤销"
TOKEN_PREFIX = "zf_"


def utcnow() -> datetime:
    """The current time in UTC (services take `now` to let tests control the clock)."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Aware UTC datetime (SQLite hands back naive values stored as UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def token_hash(token: str) -> str:
    """Hex SM3 digest of a bearer token: the only form in which tokens are stored."""
    return hashlib.new("sm3", token.encode("utf-8")).hexdigest()


def _throttled(refusal: Refusal, now: datetime) -> TooManyAttempts:
    seconds = max(1, int((refusal.until - now).total_seconds() + 0.999))
    wait = f"{seconds} 秒" if seconds < 120 else f"{(seconds + 59) // 60} 分钟"
    who = "来自该地址的" if refusal.scope == "address" else "该账号的"
    return TooManyAttempts(
        f"{who}登录失败次数过多，请 {wait}后再试",
        code="login_throttled",
        details={"retry_after_seconds": seconds, "scope": refusal.scope},
    )


def authenticate(
    uow: UnitOfWork,
    username: str,
    password: str,
    source: str = "",
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> Actor:
    """Check a password login; every attempt is counted first (see zhifa.identity.throttle), then logged."""
    settings = settings or get_settings()
    now = now or utcnow()
    name = normalize_username(username)[:64]
    source = source[:64]
    with uow:  # counted and committed before the password is looked at: concurrent guesses all count
        refusal = throttle.admit(uow.session, name, source, now, settings)
        user = find_user(uow.session, name)
        stored = user.password_hash if user is not None else None
        uow.commit()
    if refusal is not None:
        raise _throttled(refusal, now)
    if stored is None:
        burn_verification(password)
        ok = False
    else:
        ok = verify_password(stored, password)
    with uow:
        session = uow.session
        session.add(LoginAttempt(username=name, source=source, success=ok, at=now))
        user = find_user(session, name)
        if user is None or not ok:
            if user is not None:
                user.failed_logins += 1
            uow.commit()
            raise Unauthenticated(BAD_CREDENTIALS, code="bad_credentials")
        throttle.succeeded(session, name, source, settings)
        throttle.prune(session, now, settings)
        if not user.active:
            uow.commit()
            raise Unauthenticated("账号已停用，请联系系统管理员", code="account_disabled")
        user.failed_logins = 0
        user.locked_until = None
        if needs_rehash(user.password_hash):
            user.password_hash = rehash(password)
        actor = actor_from_user(user)
        uow.commit()
    return actor


ACTOR_COLUMNS = (
    User.id, User.username, User.display_name, User.agency_id, User.active, User.credential_no,
    User.legal_qualification, User.legal_review_since, Agency.code, Agency.path, UserRole.role,
)  # fmt: skip


def actor_of_rows(rows: Sequence[Row[Any]]) -> Actor | None:
    """The Actor of an active user from rows (one per role) of `ACTOR_COLUMNS`, or None."""
    if not rows or not rows[0].active:
        return None
    first = rows[0]
    return Actor(
        user_id=first.id,
        username=first.username,
        display_name=first.display_name,
        agency_id=first.agency_id,
        agency_code=first.code,
        agency_path=first.path,
        roles=frozenset(Role(r.role) for r in rows if r.role is not None),
        credential_no=first.credential_no,
        legal_qualification=first.legal_qualification,
        legal_review_since=first.legal_review_since,
    )


def actor_for_user_id(uow: UnitOfWork, user_id: int) -> Actor | None:
    """The Actor of an active user (browser sessions), or None — one query."""
    with uow:
        rows = uow.session.execute(
            select(*ACTOR_COLUMNS)
            .join(Agency, Agency.id == User.agency_id)
            .outerjoin(UserRole, UserRole.user_id == User.id)
            .where(User.id == user_id)
        ).all()
        return actor_of_rows(rows)


@dataclass(frozen=True)
class IssuedToken:
    """A freshly created bearer token: `token` is shown once and never stored."""

    id: int
    token: str
    username: str
    label: str
    expires_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "token": self.token,
            "username": self.username,
            "label": self.label,
            "expires_at": self.expires_at.isoformat(),
        }


def _issue(
    session: Session, user: User, label: str, ttl_days: int | None, settings: Settings, now: datetime
) -> IssuedToken:
    days = settings.token_ttl_days if ttl_days is None else ttl_days
    if not 1 <= days <= settings.token_ttl_days:
        raise ValidationFailed(f"令牌有效期须在 1～{settings.token_ttl_days} 天之间", code="bad_token_ttl")
    if len(label) > 64:
        raise ValidationFailed("令牌标签不能超过 64 个字符", code="bad_token_label")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        token_hash=token_hash(token),
        label=label,
        created_at=now,
        expires_at=now + timedelta(days=days),
        revoked=False,
    )
    session.add(row)
    session.flush()
    return IssuedToken(
        id=row.id, token=token, username=user.username, label=label, expires_at=now + timedelta(days=days)
    )


def create_token(
    uow: UnitOfWork,
    user_id: int,
    *,
    label: str = "",
    ttl_days: int | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> IssuedToken:
    """Create a bearer token for an active user (the API creates one for the caller itself)."""
    settings = settings or get_settings()
    with uow:
        user = uow.session.get(User, user_id)
        if user is None or not user.active:
            raise missing("用户", "user_not_found")
        issued = _issue(uow.session, user, label.strip(), ttl_days, settings, now or utcnow())
        uow.commit()
    return issued


def create_token_for_username(uow: UnitOfWork, username: str, **kwargs: Any) -> IssuedToken:
    """Create a bearer token for a user named on the command line."""
    with uow:
        user = find_user(uow.session, username)
        if user is None:
            raise missing("用户", "user_not_found")
        user_id = user.id
    return create_token(uow, user_id, **kwargs)


def resolve_token(uow: UnitOfWork, token: str, *, now: datetime | None = None) -> Actor:
    """The Actor behind a bearer token; one answer for unknown, expired, revoked or disabled."""
    return resolve_token_until(uow, token, now=now)[0]


def resolve_token_until(
    uow: UnitOfWork, token: str, *, now: datetime | None = None
) -> tuple[Actor, datetime | None]:
    """The Actor behind a bearer token and the token's expiry (for caches) — one query."""
    now = now or utcnow()
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise Unauthenticated(BAD_TOKEN, code="invalid_token")
    with uow:
        rows = uow.session.execute(
            select(ApiToken.revoked, ApiToken.expires_at, *ACTOR_COLUMNS)
            .join(User, User.id == ApiToken.user_id)
            .join(Agency, Agency.id == User.agency_id)
            .outerjoin(UserRole, UserRole.user_id == User.id)
            .where(ApiToken.token_hash == token_hash(token))
        ).all()
    expires = as_utc(rows[0].expires_at) if rows and rows[0].expires_at is not None else None
    if not rows or rows[0].revoked or (expires is not None and expires <= now):
        raise Unauthenticated(BAD_TOKEN, code="invalid_token")
    actor = actor_of_rows(rows)
    if actor is None:
        raise Unauthenticated(BAD_TOKEN, code="invalid_token")
    return actor, expires


def list_tokens(uow: UnitOfWork, actor: Actor) -> list[dict[str, Any]]:
    """The caller's own tokens (never the secret)."""
    return tokens_of(uow, actor.user_id)


def tokens_of(uow: UnitOfWork, user_id: int) -> list[dict[str, Any]]:
    """The tokens of a user (never the secret); callers check who may see them."""
    with uow:
        rows = uow.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
        ).all()
        return [
            {
                "id": r.id,
                "label": r.label,
                "created_at": as_utc(r.created_at).isoformat(),
                "expires_at": as_utc(r.expires_at).isoformat() if r.expires_at else None,
                "revoked": r.revoked,
            }
            for r in rows
        ]


def revoke_token(uow: UnitOfWork, actor: Actor | None, token_id: int) -> None:
    """Revoke a token: one's own, or (管理员) one of a user in scope; actor None = command line."""
    with uow:
        row = uow.session.get(ApiToken, token_id)
        if row is None:
            raise missing("访问令牌", "token_not_found")
        if actor is not None and row.user_id != actor.user_id:
            owner = uow.session.get(User, row.user_id)
            if owner is None or not actor.has(Role.ADMIN):
                raise missing("访问令牌", "token_not_found")
            ensure_in_scope(actor, owner.agency.path, "访问令牌", "token_not_found")
        if actor is not None:
            ensure_can_write(
                actor
            )  # 纪检监察: an administrator revokes theirs (a token out of reach: 404 first)
        row.revoked = True
        uow.commit()
    identity_changed()

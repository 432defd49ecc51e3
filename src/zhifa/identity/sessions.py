"""Browser sessions held server-side: opened at login, ended by logout, timeouts or identity changes.

The cookie carries a random token; the table keeps only its SM3 hash. A session ends after
`session_idle_seconds` without use and `session_max_age_seconds` after login, whichever comes first.
Checking one costs one indexed query; its last-seen time is written at most once a minute.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from zhifa.config import Settings, get_settings
from zhifa.domain.actors import Actor
from zhifa.identity.actor_cache import identity_changed
from zhifa.identity.auth import ACTOR_COLUMNS, actor_of_rows, as_utc, token_hash, utcnow
from zhifa.store.models.identity import Agency, User, UserRole, WebSession
from zhifa.store.uow import UnitOfWork

TOUCH_SECONDS = 60  # last_seen_at is refreshed when older than this
MAX_TOKEN_LENGTH = 100


@dataclass(frozen=True)
class LiveSession:
    """A session that is still valid: who, until when at the latest, and whether to refresh last-seen."""

    session_id: int
    actor: Actor
    not_after: datetime
    stale: bool


def csrf_for(token: str, secret: str) -> str:
    """The CSRF token of a session: an HMAC-SM3 of its token, so it dies with the session."""
    return hmac.new(secret.encode("utf-8"), b"csrf|" + token.encode("utf-8"), "sm3").hexdigest()


def open_session(
    uow: UnitOfWork,
    user_id: int,
    source: str = "",
    *,
    replaces: str | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> str:
    """Start a session for a user (ending the one it `replaces`, and the user's expired ones): its token."""
    settings = settings or get_settings()
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with uow:
        session = uow.session
        stale = now - timedelta(seconds=settings.session_idle_seconds)
        session.execute(
            delete(WebSession).where(
                WebSession.user_id == user_id,
                (WebSession.expires_at <= now) | (WebSession.last_seen_at <= stale),
            )
        )
        if replaces:
            session.execute(delete(WebSession).where(WebSession.token_hash == token_hash(replaces)))
        prune_sessions(session, now)
        session.add(
            WebSession(
                token_hash=token_hash(token),
                user_id=user_id,
                source=source[:64],
                created_at=now,
                last_seen_at=now,
                expires_at=now + timedelta(seconds=settings.session_max_age_seconds),
            )
        )
        uow.commit()
    return token


def resolve_session(
    uow: UnitOfWork, token: str, *, settings: Settings | None = None, now: datetime | None = None
) -> LiveSession | None:
    """The live session of a cookie token, or None (unknown, ended, idle too long, too old, user disabled)."""
    settings = settings or get_settings()
    now = now or utcnow()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    with uow:
        rows = uow.session.execute(
            select(
                WebSession.id.label("session_id"),
                WebSession.last_seen_at,
                WebSession.expires_at,
                *ACTOR_COLUMNS,
            )
            .join(User, User.id == WebSession.user_id)
            .join(Agency, Agency.id == User.agency_id)
            .outerjoin(UserRole, UserRole.user_id == User.id)
            .where(WebSession.token_hash == token_hash(token))
        ).all()
    if not rows:
        return None
    last_seen, expires = as_utc(rows[0].last_seen_at), as_utc(rows[0].expires_at)
    idle = timedelta(seconds=settings.session_idle_seconds)
    if now >= expires or now - last_seen >= idle:
        return None
    actor = actor_of_rows(rows)
    if actor is None:
        return None
    stale = (now - last_seen).total_seconds() >= TOUCH_SECONDS
    not_after = min(expires, (now if stale else last_seen) + idle)
    return LiveSession(session_id=rows[0].session_id, actor=actor, not_after=not_after, stale=stale)


def touch_session(uow: UnitOfWork, session_id: int, now: datetime | None = None) -> None:
    """Record that a session was used now (call when `LiveSession.stale`)."""
    now = now or utcnow()
    with uow:
        uow.session.execute(
            update(WebSession)
            .where(WebSession.id == session_id, WebSession.last_seen_at < now)
            .values(last_seen_at=now)
        )
        uow.commit()


def prune_sessions(session: Session, now: datetime, batch: int = 200) -> int:
    """Delete up to `batch` sessions past their absolute end (inside the caller's transaction)."""
    ended = select(WebSession.id).where(WebSession.expires_at <= now).limit(batch)
    result = session.execute(delete(WebSession).where(WebSession.id.in_(ended)))
    return int(getattr(result, "rowcount", 0) or 0)


def close_session(uow: UnitOfWork, token: str) -> None:
    """End one session (logout)."""
    with uow:
        uow.session.execute(delete(WebSession).where(WebSession.token_hash == token_hash(token)))
        uow.commit()
    identity_changed()


def revoke_user_sessions(session: Session, user_id: int) -> int:
    """End every session of a user inside the caller's transaction (call identity_changed after commit)."""
    result = session.execute(delete(WebSession).where(WebSession.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def count_sessions(uow: UnitOfWork, user_id: int) -> int:
    """Number of stored sessions of a user (live or not yet cleaned up)."""
    with uow:
        return len(uow.session.scalars(select(WebSession.id).where(WebSession.user_id == user_id)).all())

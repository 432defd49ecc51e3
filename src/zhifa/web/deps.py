"""FastAPI dependencies shared by routers: state, current actor (token or session), CSRF."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor, Role
from zhifa.errors import PermissionDenied, Unauthenticated
from zhifa.identity.actor_cache import identity_generation
from zhifa.identity.auth import actor_for_user_id, resolve_token_until, token_hash, utcnow
from zhifa.identity.scope import ensure_can_write, require_role
from zhifa.web.state import AppState

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SESSION_USER = "uid"
SESSION_CSRF = "csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def app_state(request: Request) -> AppState:
    """The process-wide AppState."""
    state: AppState = request.app.state.zhifa
    return state


def session_of(request: Request) -> dict[str, Any]:
    """The browser session (empty dict when the session middleware is absent)."""
    session: dict[str, Any] | None = request.scope.get("session")
    return session if session is not None else {}


def csrf_token(request: Request) -> str:
    """The per-session CSRF token, created on first use."""
    session = session_of(request)
    token = session.get(SESSION_CSRF)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_CSRF] = token
    return token


def start_session(request: Request, actor: Actor) -> str:
    """Log the actor in on this browser: a fresh session and a fresh CSRF token (returned)."""
    session = session_of(request)
    session.clear()
    session[SESSION_USER] = actor.user_id
    return csrf_token(request)


def end_session(request: Request) -> None:
    """Forget the browser session."""
    session_of(request).clear()


async def check_csrf(request: Request) -> None:
    """Raise 403 `csrf_failed` unless the header or form field carries this session's token."""
    expected = session_of(request).get(SESSION_CSRF)
    supplied = request.headers.get(CSRF_HEADER)
    if not supplied and request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        supplied = value if isinstance(value, str) else None
    if not (isinstance(expected, str) and supplied and secrets.compare_digest(expected, supplied)):
        raise PermissionDenied("请求校验失败（CSRF 令牌缺失或不符），请刷新页面后重试", code="csrf_failed")


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer ...` header, or None when there is no such header."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthenticated("Authorization 头格式应为“Bearer 令牌”", code="invalid_token")
    return value.strip()


async def optional_actor(request: Request) -> Actor | None:
    """The actor of a bearer token or browser session, or None (no CSRF check: for reads and pages).

    Answers come from the short-lived actor cache when they can (no database, no thread hop); see
    zhifa.identity.actor_cache for how long a revoked token or a changed user can still be served.
    """
    state = app_state(request)
    token = bearer_token(request)
    now = utcnow()
    if token is not None:
        key: tuple[str, object] = ("token", token_hash(token))
        actor = state.actors.get(key, now)
        if actor is None:
            generation = identity_generation()
            actor, expires = await run_in_threadpool(
                resolve_token_until, state.uow(read_only=True), token, now=now
            )
            state.actors.put(key, actor, generation, expires)
        return actor
    user_id = session_of(request).get(SESSION_USER)
    if not isinstance(user_id, int):
        return None
    key = ("user", user_id)
    actor = state.actors.get(key, now)
    if actor is None:
        generation = identity_generation()
        actor = await run_in_threadpool(actor_for_user_id, state.uow(read_only=True), user_id)
        if actor is None:
            end_session(request)
            return None
        state.actors.put(key, actor, generation)
    return actor


async def authenticated(request: Request) -> Actor:
    """The authenticated user, CSRF not yet checked: the caller must `await ensure_csrf(request)`."""
    actor = await optional_actor(request)
    if actor is None:
        raise Unauthenticated("请先登录", code="unauthenticated")
    return actor


async def ensure_csrf(request: Request) -> None:
    """Session-authenticated unsafe requests must carry the CSRF token (bearer tokens need none)."""
    if request.method not in SAFE_METHODS and "authorization" not in request.headers:
        await check_csrf(request)


async def current_actor(request: Request) -> Actor:
    """The authenticated user; session-authenticated unsafe requests must carry the CSRF token."""
    actor = await authenticated(request)
    await ensure_csrf(request)
    return actor


def client_source(request: Request) -> str:
    """Where a login came from (client address), for the audit log."""
    return request.client.host if request.client else ""


async def writer(actor: Actor = Depends(current_actor)) -> Actor:
    """A caller allowed to write (纪检监察 refused with 403) — checked before the body is validated."""
    ensure_can_write(actor)
    return actor


def role_guard(*roles: Role) -> Any:
    """A dependency refusing (403) callers without one of the roles, before the body is validated."""

    async def guard(actor: Actor = Depends(current_actor)) -> Actor:
        require_role(actor, *roles)
        return actor

    return guard

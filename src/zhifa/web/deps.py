"""FastAPI dependencies shared by routers: state, current actor (token or session), CSRF.

Two cookies: `zhifa_session` holds only the token of a server-side session (zhifa.identity.sessions);
`zhifa_state`, signed, holds what an anonymous browser needs (the login form's CSRF token, flash messages)
and authenticates nothing.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor, Role
from zhifa.errors import PermissionDenied, Unauthenticated
from zhifa.identity.actor_cache import identity_generation
from zhifa.identity.auth import resolve_token_until, token_hash, utcnow
from zhifa.identity.scope import ensure_can_write, require_role
from zhifa.identity.sessions import close_session, csrf_for, open_session, resolve_session, touch_session
from zhifa.web.state import AppState

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SESSION_COOKIE = "zhifa_session"
STATE_COOKIE = "zhifa_state"
PENDING_COOKIE = "zhifa_session_cookie"  # request.state key: the token to set ("" = clear) on the response
SESSION_CSRF = "csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def app_state(request: Request) -> AppState:
    """The process-wide AppState."""
    state: AppState = request.app.state.zhifa
    return state


def session_of(request: Request) -> dict[str, Any]:
    """The signed state cookie's contents (empty dict when its middleware is absent)."""
    session: dict[str, Any] | None = request.scope.get("session")
    return session if session is not None else {}


def session_token(request: Request) -> str | None:
    """The server-side session token this request carries (after a login or logout in it: the new state)."""
    pending = request.scope.get("state", {}).get(PENDING_COOKIE)
    if pending is not None:
        return pending or None
    return request.cookies.get(SESSION_COOKIE) or None


def _set_session_cookie(request: Request, token: str) -> None:
    request.scope.setdefault("state", {})[PENDING_COOKIE] = token


def csrf_token(request: Request) -> str:
    """The CSRF token: derived from the session token when logged in, else kept in the state cookie."""
    token = session_token(request)
    if token is not None:
        return csrf_for(token, app_state(request).settings.secret_key)
    state = session_of(request)
    value = state.get(SESSION_CSRF)
    if not isinstance(value, str) or not value:
        value = secrets.token_urlsafe(32)
        state[SESSION_CSRF] = value
    return value


def csrf_matches(request: Request, supplied: str | None) -> bool:
    """True when `supplied` is this browser's CSRF token (compared in constant time)."""
    expected = csrf_token(request).encode("utf-8")
    return bool(supplied) and secrets.compare_digest(expected, (supplied or "").encode("utf-8"))


def start_session(request: Request, actor: Actor) -> str:
    """Log the actor in on this browser (blocking: call from a thread): a new session; its CSRF token."""
    state = app_state(request)
    token = open_session(
        state.uow(),
        actor.user_id,
        client_source(request),
        replaces=session_token(request),
        settings=state.settings,
    )
    session_of(request).pop(SESSION_CSRF, None)
    _set_session_cookie(request, token)
    return csrf_token(request)


def end_session(request: Request) -> None:
    """Log out (blocking: call from a thread): the server-side session ends and the cookie is cleared."""
    token = session_token(request)
    if token is not None:
        close_session(app_state(request).uow(), token)
    forget_session(request)


def forget_session(request: Request) -> None:
    """Clear the session cookie (its session is gone already) and the state cookie."""
    _set_session_cookie(request, "")
    session_of(request).clear()


async def check_csrf(request: Request) -> None:
    """Raise 403 `csrf_failed` unless the header or form field carries this session's token."""
    supplied = request.headers.get(CSRF_HEADER)
    if not supplied and request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        supplied = value if isinstance(value, str) else None
    if session_token(request) is None or not csrf_matches(request, supplied):
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
    session = session_token(request)
    if session is None:
        return None
    key = ("session", token_hash(session))
    actor = state.actors.get(key, now)
    if actor is None:
        generation = identity_generation()
        live = await run_in_threadpool(
            resolve_session, state.uow(read_only=True), session, settings=state.settings, now=now
        )
        if live is None:
            forget_session(request)
            return None
        if live.stale:
            await run_in_threadpool(touch_session, state.uow(), live.session_id, now)
        state.actors.put(key, live.actor, generation, live.not_after)
        actor = live.actor
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
    """The client address (X-Forwarded-For's last hop when the peer is a trusted proxy), for throttling."""
    peer = request.client.host if request.client else ""
    if peer and peer in app_state(request).settings.trusted_proxy_addresses:
        forwarded = request.headers.get("x-forwarded-for", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1][:64]
    return peer


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

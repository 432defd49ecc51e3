"""Shared page plumbing: the Jinja2 environment, the signed-in actor, flash messages, render and redirect."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from zhifa import __version__
from zhifa.domain.actors import Actor
from zhifa.web.deps import app_state, authenticated, csrf_token, current_actor, session_of
from zhifa.web.pages import filters
from zhifa.web.pages.nav import nav_for

WEB_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
SESSION_FLASH = "flash"
FLASH_KINDS = frozenset({"success", "info", "warning", "error"})


def _asset_version() -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


ASSET_VERSION = _asset_version()
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
filters.install(templates.env, ASSET_VERSION)

_AGENCY_NAMES: dict[str, str] = {}


def _agency_name(request: Request, code: str) -> str:
    if code not in _AGENCY_NAMES:
        from zhifa.identity.agencies import find_by_code

        with app_state(request).uow() as uow:
            agency = find_by_code(uow.session, code)
            _AGENCY_NAMES[code] = agency.name if agency is not None else code
    return _AGENCY_NAMES[code]


async def page_actor(request: Request) -> Actor:
    """The signed-in actor of a page (CSRF checked on unsafe methods), kept on request.state."""
    actor = await current_actor(request)
    request.state.actor = actor
    request.state.agency_name = await run_in_threadpool(_agency_name, request, actor.agency_code)
    return actor


async def upload_page_actor(request: Request) -> Actor:
    """The signed-in actor of an upload page; the route checks scope, reads the capped form, then CSRF."""
    actor = await authenticated(request)
    request.state.actor = actor
    request.state.agency_name = await run_in_threadpool(_agency_name, request, actor.agency_code)
    return actor


PageActor = Annotated[Actor, Depends(page_actor)]
UploadPageActor = Annotated[Actor, Depends(upload_page_actor)]


def flash(request: Request, text: str, kind: str = "success") -> None:
    """Queue a message for the next page this browser renders."""
    messages = list(session_of(request).get(SESSION_FLASH) or [])
    messages.append({"kind": kind if kind in FLASH_KINDS else "info", "text": text[:500]})
    session_of(request)[SESSION_FLASH] = messages[-5:]


def pop_flashes(request: Request) -> list[dict[str, str]]:
    """Take the queued messages (they show once)."""
    session = session_of(request)
    if SESSION_FLASH not in session:
        return []
    messages = session.pop(SESSION_FLASH) or []
    return [m for m in messages if isinstance(m, dict)]


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    nav: str = "",
    crumbs: Sequence[tuple[str, str | None]] = (),
    title: str = "",
) -> HTMLResponse:
    """Render a page with the layout context: actor, navigation, breadcrumb, CSRF token, flash messages."""
    actor: Actor | None = getattr(request.state, "actor", None)
    ctx: dict[str, Any] = {
        "actor": actor,
        "agency_name": getattr(request.state, "agency_name", ""),
        "nav_items": nav_for(actor) if actor is not None else [],
        "nav_active": nav,
        "crumbs": list(crumbs),
        "page_title": title or (crumbs[-1][0] if crumbs else ""),
        "csrf_token": csrf_token(request),
        "flashes": pop_flashes(request),
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def redirect(url: str) -> RedirectResponse:
    """303 See Other (after a form post)."""
    return RedirectResponse(url, status_code=303)


def url_with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None or '' removes one)."""
    params = {k: v for k, v in request.query_params.items() if k not in changes}
    params.update({k: str(v) for k, v in changes.items() if v not in (None, "")})
    query = urlencode(params)
    return f"{request.url.path}?{query}" if query else request.url.path

"""Login page, signed-in start page and logout form."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.errors import Unauthenticated, ZhifaError
from zhifa.identity.auth import authenticate
from zhifa.identity.users import get_user
from zhifa.web.deps import (
    SESSION_CSRF,
    app_state,
    client_source,
    csrf_token,
    end_session,
    optional_actor,
    session_of,
    start_session,
)
from zhifa.web.pages.common import templates

router = APIRouter()
CSRF_EXPIRED = "页面已过期，请重新提交"


def _csrf_ok(request: Request, supplied: str) -> bool:
    expected = session_of(request).get(SESSION_CSRF)
    return isinstance(expected, str) and bool(supplied) and secrets.compare_digest(expected, supplied)


def _login_page(request: Request, error: str = "", username: str = "", status: int = 200) -> Response:
    context = {"csrf_token": csrf_token(request), "error": error, "username": username}
    return templates.TemplateResponse(request, "login.html", context, status_code=status)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> Response:
    """The login form (already signed in: go to the start page)."""
    try:
        if await optional_actor(request) is not None:
            return RedirectResponse("/", status_code=303)
    except Unauthenticated:
        pass
    return _login_page(request)


@router.post("/login", response_class=HTMLResponse)
async def login_submit(
    request: Request,
    username: str = Form(default="", max_length=64),
    password: str = Form(default="", max_length=128),
    csrf_token_field: str = Form(default="", alias="csrf_token"),
) -> Response:
    """Check the form; on success start the session and go to the start page."""
    if not _csrf_ok(request, csrf_token_field):
        return _login_page(request, CSRF_EXPIRED, username, status=403)
    if not username.strip() or not password:
        return _login_page(request, "请输入用户名和密码", username, status=422)
    state = app_state(request)
    try:
        actor = await run_in_threadpool(
            authenticate, state.uow(), username, password, client_source(request), settings=state.settings
        )
    except ZhifaError as exc:
        return _login_page(request, exc.message, username, status=exc.http_status)
    start_session(request, actor)
    return RedirectResponse("/", status_code=303)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    """The signed-in start page: who is acting, with which roles, for which agency."""
    try:
        actor = await optional_actor(request)
    except Unauthenticated:
        actor = None
    if actor is None:
        return RedirectResponse("/login", status_code=303)
    user = await run_in_threadpool(get_user, app_state(request).uow(), actor, actor.user_id)
    context = {"user": user, "csrf_token": csrf_token(request)}
    return templates.TemplateResponse(request, "home.html", context)


@router.post("/logout")
async def logout(request: Request, csrf_token_field: str = Form(default="", alias="csrf_token")) -> Response:
    """End the session (the form carries the CSRF token)."""
    if not _csrf_ok(request, csrf_token_field):
        return _login_page(request, CSRF_EXPIRED, status=403)
    end_session(request)
    return RedirectResponse("/login", status_code=303)

"""Login page and logout form."""

from __future__ import annotations

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.errors import Unauthenticated, ZhifaError, retry_after
from zhifa.identity.auth import authenticate
from zhifa.web.deps import (
    app_state,
    client_source,
    csrf_matches,
    end_session,
    optional_actor,
    start_session,
)
from zhifa.web.pages.common import redirect, render

router = APIRouter()
CSRF_EXPIRED = "页面已过期，请重新提交"


def safe_next(target: str | None) -> str:
    """A local path to go to after login (anything else → the workbench)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\n" in target:
        return "/"
    return target if not target.startswith("/login") else "/"


def _csrf_ok(request: Request, supplied: str) -> bool:
    return csrf_matches(request, supplied)


def _login_page(
    request: Request, error: str = "", username: str = "", nxt: str = "/", status: int = 200
) -> Response:
    request.state.actor = None
    context = {"error": error, "username": username, "next": safe_next(nxt)}
    return render(request, "login.html", context, status=status, title="登录")


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = Query(default="/", max_length=500)) -> Response:
    """The login form (already signed in: go on)."""
    try:
        if await optional_actor(request) is not None:
            return redirect(safe_next(next))
    except Unauthenticated:
        pass
    return _login_page(request, nxt=next)


@router.post("/login", response_class=HTMLResponse)
async def login_submit(
    request: Request,
    username: str = Form(default="", max_length=64),
    password: str = Form(default="", max_length=128),
    next: str = Form(default="/", max_length=500),
    csrf_token_field: str = Form(default="", alias="csrf_token"),
) -> Response:
    """Check the form; on success start the session and go to the page asked for (or the workbench)."""
    if not _csrf_ok(request, csrf_token_field):
        return _login_page(request, CSRF_EXPIRED, username, next, status=403)
    if not username.strip() or not password:
        return _login_page(request, "请输入用户名和密码", username, next, status=422)
    state = app_state(request)
    try:
        actor = await run_in_threadpool(
            authenticate, state.uow(), username, password, client_source(request), settings=state.settings
        )
    except ZhifaError as exc:
        page = _login_page(request, exc.message, username, next, status=exc.http_status)
        page.headers.update(retry_after(exc) or {})
        return page
    await run_in_threadpool(start_session, request, actor)
    return redirect(safe_next(next))


@router.post("/logout")
async def logout(request: Request, csrf_token_field: str = Form(default="", alias="csrf_token")) -> Response:
    """End the session (the form carries the CSRF token)."""
    if not _csrf_ok(request, csrf_token_field):
        return _login_page(request, CSRF_EXPIRED, status=403)
    await run_in_threadpool(end_session, request)
    return redirect("/login")

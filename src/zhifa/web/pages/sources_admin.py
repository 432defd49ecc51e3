"""来源系统管理 page (/admin/sources): the source systems that push clues, their callback URLs and what
waits for them; enable (the new API key shown once on the answer page), set, change or clear the callback
URL, revoke (the province's administrator)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor
from zhifa.errors import ZhifaError
from zhifa.services import sources_page
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, flash, redirect, render

router = APIRouter(prefix="/admin")
PAGE = "/admin/sources"


async def _page(
    request: Request,
    actor: Actor,
    *,
    issued: Any = None,
    form: dict[str, Any] | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    data = await run_in_threadpool(sources_page.overview, app_state(request).engine, actor)
    context = {**data, "issued": issued, "form": form or {}, "error": error}
    crumbs = [("系统管理", None), ("来源系统管理", None)]
    return render(request, "admin/sources.html", context, status=status, nav="admin_sources", crumbs=crumbs)


@router.get("/sources", response_class=HTMLResponse)
async def sources_list(request: Request, actor: PageActor) -> Response:
    """Every source system: status, callback URL, clues received, callbacks waiting and dead."""
    sources_page.require_province_admin(actor, sources_page.PAGE)
    return await _page(request, actor)


@router.post("/sources/new", response_class=HTMLResponse)
async def sources_add(
    request: Request,
    actor: PageActor,
    code: str = Form(default="", max_length=64),
    name: str = Form(default="", max_length=200),
    callback: str = Form(default="", max_length=500),
) -> Response:
    """Register another source system (code, name, optional callback URL): its API key shown once."""
    sources_page.require_province_admin(actor, sources_page.PAGE)
    engine = app_state(request).engine
    try:
        issued = await run_in_threadpool(sources_page.add, engine, actor, code, name, callback)
    except ZhifaError as exc:
        form = {"new": True, "code": code, "name": name, "callback": callback}
        return await _page(request, actor, form=form, error=exc.message, status=exc.http_status)
    return await _page(request, actor, issued=issued)


@router.post("/sources/{code}/enable", response_class=HTMLResponse)
async def sources_enable(
    request: Request, code: str, actor: PageActor, callback: str = Form(default="", max_length=500)
) -> Response:
    """Enable (or re-enable) a source: the answer page shows its API key once (not stored, not logged)."""
    sources_page.require_province_admin(actor, sources_page.PAGE)
    engine = app_state(request).engine
    try:
        issued = await run_in_threadpool(sources_page.enable, engine, actor, code, callback)
    except ZhifaError as exc:
        form = {"code": code, "callback": callback}
        return await _page(request, actor, form=form, error=exc.message, status=exc.http_status)
    return await _page(request, actor, issued=issued)


@router.post("/sources/{code}/callback", response_class=HTMLResponse)
async def sources_set_callback(
    request: Request, code: str, actor: PageActor, url: str = Form(default="", max_length=500)
) -> Response:
    """Set or change the callback URL; the callbacks the source's clues have not had are queued."""
    sources_page.require_province_admin(actor, sources_page.PAGE)
    engine = app_state(request).engine
    try:
        done = await run_in_threadpool(sources_page.set_callback, engine, actor, code, url)
    except ZhifaError as exc:
        form = {"code": code, "url": url}
        return await _page(request, actor, form=form, error=exc.message, status=exc.http_status)
    caught = done.catch_up
    note = f"，另有 {caught.requeued} 条死信重新排队" if caught.requeued else ""
    unchanged = (
        "回调地址未变" if done.previous_url == done.callback_url else f"回调地址已设为 {done.callback_url}"
    )
    flash(
        request,
        f"来源系统 {done.code}（{done.name}）{unchanged}；已补发回调 {caught.queued} 条"
        f"（涉及线索 {caught.clues} 条）{note}，已排队或已投递的不会重复",
    )
    return redirect(PAGE)


@router.post("/sources/{code}/callback/clear", response_class=HTMLResponse)
async def sources_clear_callback(request: Request, code: str, actor: PageActor) -> Response:
    """Clear the callback URL: no more callbacks; the waiting ones go to dead letters (kept)."""
    sources_page.require_province_admin(actor, sources_page.PAGE)
    try:
        done = await run_in_threadpool(sources_page.clear_callback, app_state(request).engine, actor, code)
    except ZhifaError as exc:
        return await _page(request, actor, error=exc.message, status=exc.http_status)
    before = done.previous_url or "未设置"
    flash(
        request,
        f"来源系统 {done.code}（{done.name}）的回调地址已清除（原为 {before}）；未投递的回调 {done.dead} 条"
        "转入死信，重新设置回调地址时重新排队",
        "warning" if done.dead else "success",
    )
    return redirect(PAGE)


@router.post("/sources/{code}/revoke", response_class=HTMLResponse)
async def sources_revoke(
    request: Request, code: str, actor: PageActor, confirm: str = Form(default="", max_length=8)
) -> Response:
    """Revoke a source's API key (confirmed with a tick): its pushes are refused from now on."""
    sources_page.require_province_admin(actor, sources_page.PAGE)
    engine = app_state(request).engine
    try:
        await run_in_threadpool(sources_page.revoke, engine, actor, code, confirm == "yes")
    except ZhifaError as exc:
        return await _page(request, actor, error=exc.message, status=exc.http_status)
    flash(request, f"已撤销来源系统 {code} 的 API 密钥：此后其推送一律拒绝，已收线索保留", "warning")
    return redirect(PAGE)

"""推送管理 page (/admin/outbox): targets and their status, dead letters with the target's reason and a
retry button, deadline breaches, target settings, the log of actions (the province's administrator)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor
from zhifa.errors import ZhifaError
from zhifa.services.cases import china_today
from zhifa.services.outbox_page import overview, require_province_admin, retry_dead, set_target
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, flash, redirect, render

router = APIRouter(prefix="/admin")
OBLIGATIONS = {
    "publish": "公示", "withdraw": "撤下", "correct": "更正", "transfer": "移送",
    "report_decision": "报送决定", "share_penalty": "共享处罚", "notify_case": "通报案件",
    "report_closed": "报送结案", "report_flagged_decision": "报送异常裁量",
    "witness_checkpoint": "见证检查点", "notify_source": "反馈线索来源",
}  # fmt: skip
STATUS = {"pending": "待投递", "retrying": "重试中", "delivered": "已投递", "dead": "死信"}


async def _page(
    request: Request, actor: Actor, form: dict[str, Any] | None = None, error: str = "", status: int = 200
) -> Response:
    engine = app_state(request).engine
    data = await run_in_threadpool(overview, engine, actor, china_today())
    context = {**data, "form": form or {}, "error": error, "obligations": OBLIGATIONS, "statuses": STATUS}
    crumbs = [("系统管理", None), ("推送管理", None)]
    return render(request, "admin/outbox.html", context, status=status, nav="admin_outbox", crumbs=crumbs)


@router.get("/outbox", response_class=HTMLResponse)
async def outbox_page(request: Request, actor: PageActor) -> Response:
    """Per-target status, dead letters, deadline breaches, target settings and the log of actions."""
    require_province_admin(actor)
    return await _page(request, actor)


@router.post("/outbox/{row_id}/retry", response_class=HTMLResponse)
async def outbox_retry(request: Request, row_id: int, actor: PageActor) -> Response:
    """Put one dead letter back in its queue (same delivery id); who did it is logged."""
    require_province_admin(actor)
    try:
        row = await run_in_threadpool(retry_dead, app_state(request).engine, actor, row_id)
    except ZhifaError as exc:
        return await _page(request, actor, error=exc.message, status=exc.http_status)
    flash(request, f"推送记录 #{row['id']} 已重新排队，将再次推送至 {row['target']}")
    return redirect("/admin/outbox")


@router.post("/outbox/targets", response_class=HTMLResponse)
async def outbox_set_target(
    request: Request,
    actor: PageActor,
    code: str = Form(default="", max_length=32),
    url: str = Form(default="", max_length=500),
    secret: str = Form(default="", max_length=500),
) -> Response:
    """Set a target's URL and signing secret (sealed with SM4-GCM; the environment, when set, wins)."""
    require_province_admin(actor)
    form = {"code": code, "url": url}  # the secret is never echoed back
    try:
        done = await run_in_threadpool(set_target, app_state(request).engine, actor, code, url, secret)
    except ZhifaError as exc:
        return await _page(request, actor, form=form, error=exc.message, status=exc.http_status)
    note = "（环境变量已设置该目标，投递仍以环境变量为准）" if done["source"] == "env" else ""
    flash(request, f"已设置推送目标 {code}：{done['url']}{note}", "warning" if note else "success")
    return redirect("/admin/outbox")

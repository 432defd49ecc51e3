"""Case forms: any allowed action on a case, clue registration (线索登记), the on-site record (现场笔录)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor
from zhifa.domain.commands import RegisterClue
from zhifa.domain.policies import RULES
from zhifa.errors import ValidationFailed, ZhifaError
from zhifa.identity.agencies import list_agencies
from zhifa.identity.scope import missing, require_role
from zhifa.services import case_inputs as inp
from zhifa.services.case_actions import ACTIONS, parse_input
from zhifa.services.case_detail import case_detail, case_timeline
from zhifa.services.cases import CHINA, check_upload, china_today, register_clue, run_action
from zhifa.services.onsite_records import OnsiteRecordIn, save_onsite_record
from zhifa.web.deps import app_state, ensure_csrf
from zhifa.web.guard import upload_route
from zhifa.web.limits import upload_form, uploads_of
from zhifa.web.pages import corrections
from zhifa.web.pages.cases import detail_page
from zhifa.web.pages.common import PageActor, UploadPageActor, flash, redirect, render
from zhifa.web.pages.forms import data_from_form, fields_of, form_values

router = APIRouter()


@router.post("/cases/{case_id}/actions/{slug}", response_class=HTMLResponse)
@upload_route
async def case_action(request: Request, case_id: str, slug: str, actor: UploadPageActor) -> Response:
    """Run one action from its form; a refusal shows the case again with the reason and the values entered."""
    spec = ACTIONS.get(slug)
    if spec is None:
        raise missing("页面", "not_found")
    state = app_state(request)
    if slug == "add-evidence":  # scope and role before the (possibly large) body is read
        try:
            await run_in_threadpool(lambda: check_upload(state.uow(), actor, case_id, handler=False))
        except ZhifaError as exc:
            if exc.http_status == 404:
                raise
            error = {"action": slug, "message": exc.message, "code": exc.code, "details": exc.details}
            return await detail_page(request, actor, case_id, error=error, status=exc.http_status)
    form = await upload_form(request, state.settings)
    await ensure_csrf(request)
    try:
        data = data_from_form(fields_of(spec.model), form, spec.model)
        if slug == "correct":
            data.update(
                await run_in_threadpool(_correction_target, state.uow(), actor, case_id, form.get("target"))
            )
        uploads = await uploads_of(form, state.settings) if slug == "add-evidence" else []
        view = await run_in_threadpool(
            lambda: run_action(
                state.uow(), actor, case_id, slug, data, china_today(), uploads=uploads,
                var_dir=state.settings.var_dir,
            )
        )  # fmt: skip
    except ZhifaError as exc:
        if exc.http_status == 404:
            raise
        error = {"action": slug, "message": exc.message, "code": exc.code, "details": exc.details}
        values = form_values(form)
        return await detail_page(request, actor, case_id, error=error, values=values, status=exc.http_status)
    flash(request, f"已办理：{spec.label}" + (f"（文号：{view.docno}）" if view.docno else ""))
    return redirect(f"/cases/{case_id}")


def _correction_target(uow: Any, actor: Actor, case_id: str, target: Any) -> dict[str, Any]:
    """corrects_seq, field and old value of the record field chosen on the page (refused when unknown)."""
    timeline = case_timeline(uow, actor, case_id)["timeline"]
    people = {t["by_user_id"]: t["by_name"] for t in timeline if t["by_user_id"] is not None}
    found = corrections.chosen(str(target or ""), timeline, people)
    if found is None:
        raise ValidationFailed("请从列表中选择要更正的记录与项目", code="bad_correction_target")
    return found


# --- 线索登记 ---------------------------------------------------------------------------------------


async def _clue_page(
    request: Request, actor: Actor, values: dict[str, Any] | None = None, error: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:  # fmt: skip
    agencies = await run_in_threadpool(list_agencies, app_state(request).uow(), actor)
    context = {
        "fields": fields_of(inp.RegisterClueIn),
        "values": values or {},
        "error": error,
        "agencies": agencies,
        "today": china_today().isoformat(),
        "officers": [],
    }
    crumbs = [("案件", "/cases"), ("线索登记", None)]
    return render(request, "cases/clue.html", context, status=status, nav="clues", crumbs=crumbs)


@router.get("/clues/new", response_class=HTMLResponse)
async def clue_form(request: Request, actor: PageActor) -> Response:
    """The 案件来源登记表 form (only for those who may register a clue: 办案人员)."""
    require_role(actor, *RULES[RegisterClue].roles)
    return await _clue_page(request, actor)


@router.post("/clues", response_class=HTMLResponse)
async def clue_submit(request: Request, actor: PageActor) -> Response:
    """Register the clue; go to the new case."""
    form = await request.form()
    data = data_from_form(fields_of(inp.RegisterClueIn), form, inp.RegisterClueIn)
    agency = form.get("agency_code")
    if isinstance(agency, str) and agency.strip():
        data["agency_code"] = agency.strip()
    try:
        view = await run_in_threadpool(register_clue, app_state(request).uow(), actor, data, china_today())
    except ZhifaError as exc:
        error = {"message": exc.message, "code": exc.code, "details": exc.details}
        return await _clue_page(request, actor, form_values(form), error, exc.http_status)
    flash(request, "线索已登记，核查期限 15 个工作日（程序规定第十八条）")
    return redirect(f"/cases/{view.id}")


# --- 现场笔录 (phone) -------------------------------------------------------------------------------


async def _onsite_page(
    request: Request, actor: Actor, case_id: str, values: dict[str, Any] | None = None, error: str = "",
    status: int = 200,
) -> Response:  # fmt: skip
    detail = await run_in_threadpool(case_detail, app_state(request).uow(), actor, case_id, china_today())
    if not any(a["action"] == "add-evidence" for a in detail["allowed_actions"]):
        raise ValidationFailed("当前阶段或您的角色不能为本案制作现场笔录", code="onsite_not_allowed")
    partners = [h for h in detail["state"]["handlers"] if h["user_id"] != actor.user_id]
    context = {"case": detail["case"], "partners": partners, "values": values or {}, "error": error,
               "now": datetime.now(CHINA).strftime("%Y-%m-%dT%H:%M")}  # fmt: skip
    crumbs = [
        ("案件", "/cases"),
        (detail["case"]["title"] or "案件", f"/cases/{case_id}"),
        ("现场笔录", None),
    ]
    return render(request, "cases/onsite.html", context, status=status, nav="cases", crumbs=crumbs)


@router.get("/cases/{case_id}/onsite", response_class=HTMLResponse)
async def onsite_form(request: Request, case_id: str, actor: PageActor) -> Response:
    """The on-site inspection record form (phone: location and photos from the browser)."""
    return await _onsite_page(request, actor, case_id)


@router.post("/cases/{case_id}/onsite", response_class=HTMLResponse)
@upload_route
async def onsite_submit(request: Request, case_id: str, actor: UploadPageActor) -> Response:
    """Store the record text and the photos as evidence files (SM3) and register the evidence."""
    state = app_state(request)
    await run_in_threadpool(lambda: check_upload(state.uow(), actor, case_id))
    form = await upload_form(request, state.settings)
    await ensure_csrf(request)
    keys = (
        "place", "started_at", "ended_at", "present", "content", "latitude", "longitude", "accuracy",
        "co_handler_id", "witness", "refused_signature",
    )  # fmt: skip
    values = {k: (v.strip() if isinstance(v := form.get(k), str) else "") for k in keys}
    try:
        if not values["place"] or not values["content"]:
            raise ValidationFailed("请填写检查地点和笔录内容", code="onsite_incomplete")
        started = (
            datetime.fromisoformat(values["started_at"]) if values["started_at"] else datetime.now(CHINA)
        )
        values["started_at"] = started.strftime("%Y-%m-%d %H:%M")
        ended = (
            datetime.combine(started.date(), time.fromisoformat(values["ended_at"]))
            if values["ended_at"]
            else None
        )
        photos = await uploads_of(form, state.settings, "photos")
        raw = {k: values[k] or None for k in ("latitude", "longitude", "accuracy", "co_handler_id")}
        fields = {k: values[k] for k in ("place", "present", "content", "witness")}
        when = started.replace(tzinfo=None).isoformat()
        body = parse_input(
            OnsiteRecordIn,
            {"kind": "onsite", "started_at": when, "ended_at": ended.isoformat() if ended else None,
             "refused_signature": bool(values["refused_signature"]), **fields, **raw},
        )  # fmt: skip
        assert isinstance(body, OnsiteRecordIn)
        await run_in_threadpool(
            lambda: save_onsite_record(
                state.uow(), actor, case_id, body, photos, china_today(), var_dir=state.settings.var_dir
            )
        )
    except ZhifaError as exc:
        if exc.http_status == 404:
            raise
        return await _onsite_page(request, actor, case_id, values, exc.message, exc.http_status)
    except ValueError:
        return await _onsite_page(request, actor, case_id, values, "检查时间格式不正确", 422)
    flash(request, f"现场笔录已记入案件（附照片 {len(photos)} 张，均以 SM3 摘要登记）")
    return redirect(f"/cases/{case_id}#evidence")

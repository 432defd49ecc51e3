"""Cases: list, register, detail, timeline, evidence files and one POST route per procedural action.

Errors carry stable codes: 422 for refused transitions and bad input (code names the rule), 403 for
actions the role or the case relation does not allow, 404 for a case that is missing or outside the
caller's subtree (the same answer), 409 when another officer changed the case first.
"""

# no `from __future__ import annotations`: the per-action routes are built with real annotation objects

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor
from zhifa.errors import ValidationFailed
from zhifa.services import case_inputs as inp
from zhifa.services.case_actions import ACTIONS, ActionSpec
from zhifa.services.case_detail import case_detail, case_timeline
from zhifa.services.case_views import list_cases
from zhifa.services.cases import (
    check_upload,
    check_visible,
    china_today,
    issue_summary_penalty,
    register_clue,
    run_action,
    upload_files,
)
from zhifa.services.evidence import Upload, evidence_file
from zhifa.services.filetypes import file_headers
from zhifa.services.parties import prior_violations
from zhifa.services.signoff import preview_guard
from zhifa.web.deps import app_state, authenticated, current_actor, ensure_csrf, writer
from zhifa.web.guard import upload_route, walk_json
from zhifa.web.inline import on_event_loop
from zhifa.web.limits import upload_form, uploads_of


class ErrorBody(BaseModel):
    """Error answer: stable code, Chinese message, optional details."""

    code: str
    message: str
    details: Any = None


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "未登录（unauthenticated）"},
    403: {
        "model": ErrorBody,
        "description": "无权办理：角色、本案办案人员、纪检只读、CSRF（action_forbidden 等）",
    },
    404: {"model": ErrorBody, "description": "案件不存在或不在管辖范围内（case_not_found）"},
    409: {"model": ErrorBody, "description": "案件已被他人更新，请刷新后重试（ledger_conflict）"},
    422: {
        "model": ErrorBody,
        "description": "不符合程序或输入有误，code 指明规则（如 wrong_stage、invalid_uscc）",
    },
}

router = APIRouter(tags=["案件"], responses=ERRORS)


@router.get("/cases", summary="案件列表（本机构及下级；可按阶段、机构、办案人员、日期筛选）")
@on_event_loop
def cases_index(
    request: Request,
    stage: str | None = Query(default=None, max_length=24, description="阶段，如 investigation"),
    agency: str | None = Query(default=None, max_length=32, description="机构代码（含下级）"),
    handler: int | None = Query(default=None, description="办案人员用户编号"),
    mine: bool = Query(default=False, description="只看本人承办的案件"),
    party_code: str | None = Query(default=None, max_length=32, description="当事人统一社会信用代码或证件号"),
    date_from: date | None = Query(default=None, description="立案（或发现、决定）日期起"),
    date_to: date | None = Query(default=None, description="立案（或发现、决定）日期止"),
    page: int = Query(default=1, ge=1),
    per_page: int = Query(default=20, ge=1, le=200),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """Cases in the caller's subtree, newest change first."""
    return list_cases(
        app_state(request).uow(read_only=True), actor, stage=stage, agency=agency,
        handler=actor.user_id if mine else handler, party_code=party_code,
        date_from=date_from, date_to=date_to, page=page, per_page=per_page,
    )  # fmt: skip


async def case_writer(case_id: str, request: Request, actor: Actor = Depends(current_actor)) -> None:
    """Scope and write permission before the body is validated: 404 outside the subtree, 403 for 纪检监察.

    Runs on the event loop like the case actions it guards (one indexed read; docs/decisions/0012).
    """
    check_upload(app_state(request).uow(), actor, case_id, handler=False)


async def case_reader(case_id: str, request: Request, actor: Actor = Depends(current_actor)) -> None:
    """Scope before the body of a read (a preview) is validated: 404 outside the subtree."""
    check_visible(app_state(request).uow(read_only=True), actor, case_id)


WRITER = [Depends(writer)]
CASE_WRITER = [Depends(case_writer)]


@router.post(
    "/cases",
    status_code=201,
    summary="登记案件线索（案件来源登记表，程序规定第十八条）",
    dependencies=WRITER,
)
@on_event_loop
def cases_create(
    body: inp.RegisterClueIn, request: Request, actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """A new case in the clue stage."""
    return register_clue(app_state(request).uow(), actor, body, china_today()).to_dict()


@router.post(
    "/cases/summary-penalty",
    status_code=201,
    summary="当场行政处罚（简易程序，行政处罚法第五十一条）",
    dependencies=WRITER,
)
@on_event_loop
def cases_summary(
    body: inp.SummaryPenaltyIn, request: Request, actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """A new summary-procedure case with its on-the-spot decision (文号 当罚) and the party's signature."""
    state = app_state(request)
    view = issue_summary_penalty(state.uow(), actor, body, china_today(), var_dir=state.settings.var_dir)
    return view.to_dict()


@router.get(
    "/cases/{case_id}", summary="案件详情：状态、当事人、证据、期限、账本时间线（含验签）、可办理操作"
)
@on_event_loop
def cases_show(case_id: str, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """Everything the caller may see about one case."""
    return case_detail(app_state(request).uow(read_only=True), actor, case_id, china_today())


class SignoffCheckIn(BaseModel):
    """The penalty on the sign-off form (omit it for the proposal as made)."""

    action: str
    penalty: dict[str, Any] | None = None


@router.post(
    "/cases/{case_id}/signoff-check",
    summary="签署前一致性检查：法定幅度、裁量阶次、在幅度中的位置、相近判例、畸轻/畸重/类案不同罚/超出法定幅度",
    dependencies=[Depends(case_reader)],
)
@on_event_loop
def cases_signoff_check(
    case_id: str, body: SignoffCheckIn, request: Request, actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """The guard the 审核, 负责人审批 and 决定 forms show for a penalty; nothing is written."""
    return preview_guard(app_state(request).uow(read_only=True), actor, case_id, body.action, body.penalty)


@router.get("/cases/{case_id}/timeline", summary="案件账本时间线（哈希链与签名逐条校验）")
@on_event_loop
def cases_timeline(case_id: str, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """The ledger records of the case with who, when, signed and verified."""
    return case_timeline(app_state(request).uow(read_only=True), actor, case_id)


def _multipart(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "请求、文件个数或单个文件超过上限（payload_too_large 等）"}
}
FILES = {"type": "array", "items": {"type": "string", "format": "binary"}, "description": "证据文件"}
DATA = {"type": "string", "description": "add-evidence 的 JSON 对象（与“收集证据”操作的请求体相同）"}


async def _checked_uploads(
    request: Request, case_id: str, actor: Actor, handler: bool, field: str = "files"
) -> tuple[Any, list[Upload]]:
    """Scope and role first (404/403 before a byte of the body is read), then the capped form and CSRF."""
    state = app_state(request)
    await run_in_threadpool(lambda: check_upload(state.uow(), actor, case_id, handler=handler))
    form = await upload_form(request, state.settings)
    await ensure_csrf(request)
    return form, await uploads_of(form, state.settings, field)


@router.post(
    "/cases/{case_id}/files",
    status_code=201,
    summary="上传证据文件（按 SM3 摘要保存）",
    openapi_extra=_multipart({"files": FILES}, ["files"]),
    responses=TOO_LARGE,
)
@upload_route
async def cases_upload(
    case_id: str, request: Request, actor: Actor = Depends(authenticated)
) -> dict[str, Any]:
    """Store files for the case; reference their `sm3` in add-evidence."""
    state = app_state(request)
    _, uploads = await _checked_uploads(request, case_id, actor, True)
    stored = await run_in_threadpool(
        upload_files, state.uow(), actor, case_id, uploads, state.settings.var_dir
    )
    return {"files": stored}


def evidence_data(form: Any) -> dict[str, Any]:
    """The `data` field of a multipart add-evidence: a JSON object, or a 422 with a code."""
    raw = form.get("data")
    if not isinstance(raw, str):
        raise ValidationFailed("缺少 data 字段（add-evidence 的 JSON 对象）", code="data_missing")
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        raise ValidationFailed("data 字段应为 JSON 对象", code="data_not_object") from None
    if not isinstance(body, dict):
        raise ValidationFailed('data 字段应为 JSON 对象（形如 {"item": …}）', code="data_not_object")
    walk_json(body, "data 字段")
    return body


@router.post(
    "/cases/{case_id}/evidence",
    status_code=201,
    summary="收集证据并上传附件（multipart：data 为 JSON，files 为文件）",
    openapi_extra=_multipart({"data": DATA, "files": FILES}, ["data"]),
    responses=TOO_LARGE,
)
@upload_route
async def cases_add_evidence_multipart(
    case_id: str, request: Request, actor: Actor = Depends(authenticated)
) -> dict[str, Any]:
    """add-evidence with the files in the same request."""
    state = app_state(request)
    form, uploads = await _checked_uploads(request, case_id, actor, False)
    body = evidence_data(form)
    view = await run_in_threadpool(
        lambda: run_action(
            state.uow(), actor, case_id, "add-evidence", body, china_today(),
            uploads=uploads, var_dir=state.settings.var_dir,
        )
    )  # fmt: skip
    return view.to_dict()


@router.get("/cases/{case_id}/files/{sm3}", summary="下载证据文件（校验 SM3 摘要）", response_class=Response)
def cases_download(
    case_id: str, sm3: str, request: Request, actor: Actor = Depends(current_actor)
) -> Response:
    """The bytes of an evidence file: inline only when they are a verified PNG/JPEG/WebP/PDF."""
    state = app_state(request)
    filename, data = evidence_file(state.uow(), actor, case_id, sm3, state.settings.var_dir)
    media_type, headers = file_headers(filename, sm3, data)
    return Response(data, media_type=media_type, headers=headers)


@router.get("/parties/{code}/prior-violations", summary="当事人既往违法记录（按统一社会信用代码或证件号）")
@on_event_loop
def parties_prior(code: str, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """Earlier penalties of the party: full inside the subtree, public decisions outside (see ADR 0007)."""
    return prior_violations(app_state(request).uow(), actor, code)


def _action_route(spec: ActionSpec) -> Any:
    required = any(f.is_required() for f in spec.model.model_fields.values())
    default = Body(...) if required else Body(default=None)

    def endpoint(
        case_id: str,
        request: Request,
        body: spec.model = default,  # type: ignore[name-defined]
        actor: Actor = Depends(current_actor),
    ) -> dict[str, Any]:
        return run_action(app_state(request).uow(), actor, case_id, spec.slug, body, china_today()).to_dict()

    endpoint.__name__ = "case_action_" + spec.slug.replace("-", "_")
    endpoint.__doc__ = f"{spec.label}（{spec.command.__name__}）"
    return on_event_loop(endpoint)


for _spec in ACTIONS.values():
    router.add_api_route(
        f"/cases/{{case_id}}/actions/{_spec.slug}",
        _action_route(_spec),
        methods=["POST"],
        summary=f"{_spec.label}",
        operation_id=f"case_action_{_spec.slug.replace('-', '_')}",
        responses=ERRORS,
        dependencies=CASE_WRITER,
    )

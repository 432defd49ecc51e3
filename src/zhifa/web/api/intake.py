"""Clue intake from the business supervision systems: authenticated by the source's `X-Api-Key`, not a user.

Errors: 401 for a missing, unknown or revoked key (before the body is read), 422 with field-level Chinese
messages for a bad body, 413 for an oversize attachment or request, 404 for a clue of another source.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from zhifa.integrations.intake_inputs import ClueAnswer, ClueIn
from zhifa.integrations.service import clue_status, receive_clue
from zhifa.integrations.sources import SourceKey, authenticate_source
from zhifa.web.api.cases import TOO_LARGE, ErrorBody
from zhifa.web.deps import app_state

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "来源系统 API 密钥缺失、无效或已撤销（invalid_source_key）"},
    422: {"model": ErrorBody, "description": "请求数据有误，details 逐字段说明（validation_error 等）"},
}
router = APIRouter(prefix="/intake", tags=["线索接入"], responses=ERRORS)


async def source_of(
    request: Request,
    x_api_key: str | None = Header(default=None, alias="X-Api-Key", description="来源系统 API 密钥"),
) -> SourceKey:
    """The source system holding the key (401 otherwise), checked before the body is validated."""
    state = app_state(request)
    return await run_in_threadpool(authenticate_source, state.uow(read_only=True), x_api_key)


@router.post(
    "/clues",
    status_code=201,
    response_model=ClueAnswer,
    summary="业务监管系统推送违法线索：自动分级、按管辖流转、登记为案件线索（程序规定第十八条）",
    responses={**TOO_LARGE, 404: {"model": ErrorBody}},
)
def intake_create(
    body: ClueIn,
    request: Request,
    response: Response,
    source: SourceKey = Depends(source_of),
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", description="幂等键"),
) -> dict[str, Any]:
    """Receive one clue; a retry with the same Idempotency-Key or source_ref gets the first answer."""
    state = app_state(request)
    answer, created = receive_clue(state.uow(), source, body, idempotency_key, var_dir=state.settings.var_dir)
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return answer


@router.get(
    "/clues/{clue_id}",
    summary="线索处理情况：状态、立案文号、处理决定摘要（仅限推送该线索的来源系统）",
    responses={404: {"model": ErrorBody, "description": "线索不存在或不是本来源系统推送的"}},
)
def intake_show(
    request: Request,
    clue_id: str = Path(max_length=64),
    source: SourceKey = Depends(source_of),
) -> dict[str, Any]:
    """What became of the clue."""
    return clue_status(app_state(request).uow(read_only=True), source, clue_id)

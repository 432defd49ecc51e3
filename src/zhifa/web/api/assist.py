"""The assistant API: POST /api/v1/assist — facts (+ known fields) → types, provisions, penalty, cases."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from zhifa.assistant.pipeline_service import answer
from zhifa.domain.actors import Actor
from zhifa.errors import ValidationFailed
from zhifa.web.deps import app_state, current_actor

router = APIRouter(tags=["智能助手"])
Amount = int | float | str | None


class AssistRequest(BaseModel):
    """Only `facts` is required; amounts in yuan as numbers or digit strings ("1200", "1200.50")."""

    model_config = ConfigDict(extra="forbid")

    facts: str = Field(max_length=2_000_000, description="违法事实（经查……）")
    act_date: date | None = Field(default=None, description="违法行为发生日期")
    party_type: str | None = Field(default=None, description="person / individual_business / organization")
    goods_value: Amount = None
    illegal_income: Amount = None
    sales: Amount = None
    ad_fee: Amount = None
    quantity: Amount = None
    proposed_fine: Amount = Field(default=None, description="拟罚款（元），检查是否畸轻畸重、类案不同罚")
    violation_type: str | None = Field(default=None, max_length=80, description="已确定的违法行为类型编号")
    top_k: int = Field(default=10, ge=1, le=50)


@router.post(
    "/assist",
    summary="智能助手：违法类型、条款、裁量建议、相似判例与一致性检查",
    response_class=JSONResponse,
)
def assist(
    body: AssistRequest,
    request: Request,
    detail: Literal["summary", "full"] = Query(
        "summary", description="summary：不含条文全文；full：含违反条款、处罚依据和裁量依据链的条文全文"
    ),
    actor: Actor = Depends(current_actor),
) -> JSONResponse:
    """Answer for one case (schema: docs/assistant-schema.md); 422 when the named type lacks its amount.

    The answer is JSON-ready, so it is sent as it is (no second encoding pass)."""
    state = app_state(request)
    fields = body.model_dump(exclude={"facts"}, exclude_none=True)
    result = answer(state.settings, state.engine, body.facts, fields, full=detail == "full")
    error = (result.get("penalty") or {}).get("error") or {}
    if body.violation_type and error.get("code") == "missing_amount":
        # the caller named the violation type: its fine needs an amount the request lacks (never taken as 0)
        raise ValidationFailed(error.get("message") or "缺少罚款依据的数额", code="missing_amount")
    return JSONResponse(result)

"""Market-entity registry (市场主体登记信息) for filling a party in, and the ID-number check of a person."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request

from zhifa.domain.actors import Actor
from zhifa.integrations.registry_service import check_entity, lookup_entity, person, search_entities
from zhifa.web.api.cases import ErrorBody
from zhifa.web.deps import app_state, current_actor

router = APIRouter(prefix="/registry", tags=["登记信息"])


@router.get("", summary="按名称检索市场主体（先前缀匹配，再包含匹配）")
def registry_search(
    request: Request,
    name: str = Query(min_length=2, max_length=100, description="名称或其一部分"),
    limit: int = Query(default=10, ge=1, le=50),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """Entities whose registered name starts with, then contains, the text."""
    state = app_state(request)
    items = search_entities(state.uow(read_only=True), name, limit, state.settings)
    return {"count": len(items), "items": items}


@router.get(
    "/persons/{id_number}",
    summary="核验居民身份证号码：出生日期、性别、违法行为时年龄与未成年人情节（行政处罚法第三十条）",
    responses={422: {"model": ErrorBody}},
)
def registry_person(
    id_number: str = Path(max_length=32),
    act_on: date | None = Query(default=None, description="违法行为发生日期"),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """Birth date, gender, age at the act and the under_14 / minor_14_to_18 factors."""
    return person(id_number, act_on)


@router.get(
    "/check/{uscc}",
    summary="填表时核对统一社会信用代码：找到时返回登记信息，未登记或校验位错误时说明原因（均为 200）",
)
def registry_check(
    request: Request,
    uscc: str = Path(max_length=32),
    name: str | None = Query(default=None, max_length=200, description="待核对的名称"),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """`found` with `entity` (as GET /registry/{uscc}), or `found: false` with `code` and `message`."""
    state = app_state(request)
    return check_entity(state.uow(read_only=True), uscc, name, state.settings)


@router.get(
    "/{uscc}",
    summary="按统一社会信用代码查询登记信息；带 name 时核对名称是否与登记一致",
    responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
def registry_show(
    request: Request,
    uscc: str = Path(max_length=32),
    name: str | None = Query(default=None, max_length=200, description="待核对的名称"),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """The registered entity (demo rows labelled 演示); `name_check.differs` flags a different name."""
    state = app_state(request)
    return lookup_entity(state.uow(read_only=True), uscc, name, state.settings)

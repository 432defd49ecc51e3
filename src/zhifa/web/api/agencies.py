"""Agencies (机构): list or tree of the caller's subtree, and one agency."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from zhifa.domain.actors import Actor
from zhifa.identity.agencies import agency_tree, get_agency, list_agencies
from zhifa.web.deps import app_state, current_actor

router = APIRouter(tags=["机构"])

Level = Literal["province", "city", "county", "station"]


@router.get("/agencies", summary="机构列表或机构树（本机构及下级）")
def agencies_index(
    request: Request,
    parent: str | None = Query(
        default=None, max_length=32, description="只列出该机构的直接下级；树视图下为树根"
    ),
    level: Level | None = Query(
        default=None, description="列表：只列出该层级；树视图：展开到该层级（province/city/county/station）"
    ),
    view: Literal["list", "tree"] = Query(default="list", description="list 平铺列表，tree 嵌套树"),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """Agencies the caller may see: its own agency and those below it, never those above."""
    uow = app_state(request).uow()
    if view == "tree":
        return {"tree": agency_tree(uow, actor, parent, level)}
    items = [a.to_dict() for a in list_agencies(uow, actor, parent, level)]
    return {"count": len(items), "items": items}


@router.get("/agencies/{code}", summary="机构详情（含直接下级）")
def agencies_show(code: str, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """One agency; outside the caller's scope the answer is the same as for a missing one."""
    return get_agency(app_state(request).uow(), actor, code)

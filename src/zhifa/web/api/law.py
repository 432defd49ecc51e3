"""Law library API: laws, versions, articles as of a date, search and citation resolution."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from zhifa.domain.actors import Actor
from zhifa.law import service
from zhifa.law.search import LawFilters
from zhifa.web.deps import app_state, current_actor

router = APIRouter(tags=["法律库"])


class CiteRequest(BaseModel):
    """Text to scan for citations, an optional context law and date."""

    text: str = Field(max_length=service.MAX_TEXT)
    law: str | None = Field(default=None, max_length=200, description="上下文法律（本法、未写法名的引用）")
    as_of: date | None = None
    with_text: bool = True


@router.get("/laws", summary="法律列表（按名称、效力级别筛选）")
def laws_index(
    request: Request,
    q: str | None = Query(default=None, max_length=100),
    level: str | None = Query(default=None, max_length=20),
    limit: int = Query(default=50, ge=1, le=500),
    offset: int = Query(default=0, ge=0),
    actor: Actor = Depends(current_actor),
) -> list[dict[str, Any]]:
    """Laws with their current version."""
    return service.list_laws(service.require_library(app_state(request).engine), q, level, limit, offset)


@router.get("/laws/{law_id}/versions", summary="某法律的全部版本")
def law_versions(
    law_id: int, request: Request, actor: Actor = Depends(current_actor)
) -> list[dict[str, Any]]:
    """Versions oldest first, with dates and status."""
    return service.law_versions(service.require_library(app_state(request).engine), law_id)


@router.get("/laws/{law_id}/articles/{number}", summary="某法律的某一条（按日期选择版本）")
def law_article(
    law_id: int,
    number: int,
    request: Request,
    suffix: int = Query(default=0, ge=0, le=20, description="之一 → 1"),
    paragraph: int | None = Query(default=None, ge=1),
    item: int | None = Query(default=None, ge=1),
    as_of: date | None = Query(default=None),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """Article text from the version in force on as_of (default: current)."""
    lib = service.require_library(app_state(request).engine)
    return service.show_article(
        lib, law_id, number, suffix=suffix, paragraph=paragraph, item=item, as_of=as_of
    )


@router.get("/law/search", summary="条文全文检索（【】标出命中词）")
async def law_search(
    request: Request,
    q: str = Query(default="", max_length=10_000),
    law: str | None = Query(default=None, max_length=200),
    level: str | None = Query(default=None, max_length=20),
    in_force: bool | None = Query(default=None),
    as_of: date | None = Query(default=None),
    limit: int = Query(default=10, ge=1, le=100),
    actor: Actor = Depends(current_actor),
) -> list[dict[str, Any]]:
    """Ranked articles with snippets."""
    state = app_state(request)
    await run_in_threadpool(service.require_library, state.engine)
    flt = LawFilters(law=law, level=level, in_force=in_force, as_of=as_of)
    return await run_in_threadpool(service.search, state.engine, state.settings, q, flt, limit)


@router.post("/law/cite", summary="识别并解析文本中的法条引用")
def law_cite(
    body: CiteRequest, request: Request, actor: Actor = Depends(current_actor)
) -> list[dict[str, Any]]:
    """Citations found in the text, each resolved or 'not found' with candidates."""
    lib = service.require_library(app_state(request).engine)
    return service.cite_text(lib, body.text, context_law=body.law, as_of=body.as_of, with_text=body.with_text)

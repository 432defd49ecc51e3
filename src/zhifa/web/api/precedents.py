"""Precedent library API: full-text search with filters, similar cases by facts, one precedent."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from zhifa.domain.actors import Actor
from zhifa.precedents import service
from zhifa.precedents.extract import MAX_TEXT_CHARS
from zhifa.precedents.search_index import check_query, search_text, shared_precedent_index, similarity_index
from zhifa.search.port import Filter
from zhifa.web.deps import app_state, current_actor

router = APIRouter(tags=["判例库"])


class SimilarRequest(BaseModel):
    """Facts of a case to compare with the library."""

    facts: str = Field(max_length=MAX_TEXT_CHARS)
    limit: int = Field(default=10, ge=1, le=50)


@router.get("/precedents/search", summary="全文检索判例（事实与理由），可按机关、当事人类型、是否完整筛选")
def precedents_search(
    request: Request,
    q: str = Query(min_length=1, max_length=200),
    bureau: str | None = Query(default=None, max_length=120),
    party_kind: str | None = Query(default=None, max_length=24),
    complete: bool | None = Query(default=None),
    limit: int = Query(default=10, ge=1, le=100),
    actor: Actor = Depends(current_actor),
) -> list[dict[str, Any]]:
    """Hits with snippets (【】 marks) and the stored fields."""
    service.require_precedents(app_state(request).engine)
    filters = [Filter("bureau", "eq", bureau)] if bureau else []
    if party_kind:
        filters.append(Filter("party_kind", "eq", party_kind))
    if complete is not None:
        filters.append(Filter("complete", "eq", int(complete)))
    hits = search_text(shared_precedent_index(app_state(request).settings), q, filters, limit)
    return [{"docid": h.id, "score": round(h.score, 4), "snippet": h.snippet, **dict(h.fields)} for h in hits]


@router.post("/precedents/similar", summary="按案情事实找相似判例（字符 n 元 TF-IDF 余弦相似度）")
def precedents_similar(
    body: SimilarRequest, request: Request, actor: Actor = Depends(current_actor)
) -> list[dict[str, Any]]:
    """The most similar stored precedents with their provisions and penalties."""
    engine = app_state(request).engine
    service.require_precedents(engine)
    hits = similarity_index(engine).similar(check_query(body.facts), body.limit)
    out = []
    for hit in hits:
        record = service.get_precedent(engine, hit.docid)
        out.append({"similarity": hit.similarity, **{k: v for k, v in record.items() if k != "evidence"}})
    return out


@router.get("/precedents/{docid}", summary="查看一个判例（自然人姓名已脱敏）")
def precedent_show(docid: str, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """One precedent with its parts, provisions, penalties and parse problems."""
    engine = app_state(request).engine
    service.require_precedents(engine)
    return service.get_precedent(engine, docid)

"""案例库 pages: search the precedent library (filters, highlighted snippets, paging) and view one precedent
(masked party; provisions linked to the law library's article pages)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.errors import ValidationFailed
from zhifa.precedents import service
from zhifa.services.precedent_browse import PrecedentQuery, search_precedents, type_labels
from zhifa.web.deps import app_state
from zhifa.web.pages.assistant import law_linker
from zhifa.web.pages.common import PageActor, render, url_with
from zhifa.web.pages.filters import Pager

router = APIRouter(prefix="/precedents")
PER_PAGE = 20
PARTY_KINDS = {
    "natural_person": "自然人",
    "individual_business": "个体工商户",
    "organisation": "法人或其他组织",
}
SIDES = {"violated": "违反条款", "basis": "处罚依据"}


def _year(value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit() or not 1990 <= int(value) <= 2100:
        raise ValidationFailed(f"年份“{value}”不正确，应为四位数字", code="bad_year")
    return int(value)


@router.get("", response_class=HTMLResponse)
async def precedents_page(
    request: Request,
    actor: PageActor,
    q: str = Query(default="", max_length=200),
    type: str = Query(default="", max_length=80),
    law: str = Query(default="", max_length=100),
    bureau: str = Query(default="", max_length=120),
    year: str = Query(default="", max_length=4),
    page: int = Query(default=1, ge=1, le=10_000),
) -> Response:
    """Search or browse the precedent library."""
    state = app_state(request)
    query = PrecedentQuery(q.strip(), type.strip(), law.strip().strip("《》"), bureau.strip(), _year(year))
    items, names = await run_in_threadpool(search_precedents, state.settings, state.engine, query)
    pager = Pager(page, PER_PAGE, len(items))
    context = {
        "empty_notice": await run_in_threadpool(service.empty_notice, state.engine),
        "f": {"q": q, "type": type, "law": law, "bureau": bureau, "year": year},
        "items": items[(page - 1) * PER_PAGE : page * PER_PAGE],
        "pager": pager,
        "page_url": lambda n: url_with(request, page=n),
        "type_names": names,
        "party_kinds": PARTY_KINDS,
        "searched": bool(query.q),
    }
    return render(request, "precedents/search.html", context, nav="precedents", crumbs=[("案例库", None)])


def _discretion_rows(discretion: dict[str, Any]) -> list[tuple[str, str]]:
    labels = {"tier": "所述裁量阶次", "tiers_mentioned": "提及的阶次", "standards": "援引的裁量基准",
              "reasons": "裁量理由", "factors": "识别的情节"}  # fmt: skip
    rows = []
    for key, label in labels.items():
        value = discretion.get(key)
        if value in (None, "", [], {}):
            continue
        rows.append((label, "；".join(map(str, value)) if isinstance(value, list) else str(value)))
    return rows


@router.get("/{docid}", response_class=HTMLResponse)
async def precedent_page(request: Request, docid: str, actor: PageActor) -> Response:
    """One precedent: 文书号, bureau, date, masked party, facts, linked provisions, penalties, discretion."""
    state = app_state(request)
    record = await run_in_threadpool(service.get_precedent, state.engine, docid[:64])
    by_doc, names = await run_in_threadpool(type_labels, state.settings, state.engine)
    link = await run_in_threadpool(law_linker, state)
    as_of = record.get("decision_date")
    sides = {
        side: [{**ref, "url": link(ref.get("law_title") or ref.get("law"), ref.get("article"), as_of)}
               for ref in record.get(side) or []]
        for side in SIDES
    }  # fmt: skip
    type_id = record.get("violation_type") or by_doc.get(record["docid"])
    context = {
        "p": record,
        "sides": sides,
        "side_labels": SIDES,
        "type_id": type_id,
        "type_name": names.get(type_id or "", type_id),
        "party_kind": PARTY_KINDS.get(record.get("party_kind") or "", record.get("party_kind") or ""),
        "discretion_rows": _discretion_rows(record.get("discretion") or {}),
    }
    crumbs = [("案例库", "/precedents"), (record.get("docno") or docid, None)]
    return render(request, "precedents/view.html", context, nav="precedents", crumbs=crumbs)

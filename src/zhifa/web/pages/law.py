"""法律库 pages: search with highlighted snippets, law list, law view, article view with versions."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.errors import NotFound, ValidationFailed
from zhifa.law import service
from zhifa.law.library import LawInfo, LawLibrary, VersionInfo
from zhifa.law.numbers import article_label
from zhifa.law.search import LawFilters
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, redirect, render, url_with
from zhifa.web.pages.filters import Pager

router = APIRouter(prefix="/law")
LEVELS = ("法律", "行政法规", "部门规章", "司法解释", "地方性法规")
PER_PAGE = 30


def parse_day(value: str | None, field: str = "日期") -> date | None:
    """YYYY-MM-DD from a query string ('' → None) with a Chinese error."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationFailed(f"{field}“{value}”格式不正确，应为 YYYY-MM-DD", code="bad_date") from exc


def _library(request: Request) -> LawLibrary:
    return service.library(app_state(request).engine)


def _law(lib: LawLibrary, law_id: int) -> LawInfo:
    info = lib.laws.get(law_id)
    if info is None:
        raise NotFound("法律不存在", code="law_not_found")
    return info


def article_url(law_id: int, number: int, suffix: int = 0, as_of: str = "") -> str:
    """The article page of a law (a 之一 suffix and the chosen date kept)."""
    query = "&".join(
        p for p in (f"suffix={suffix}" if suffix else "", f"as_of={as_of}" if as_of else "") if p
    )
    return f"/law/laws/{law_id}/articles/{number}" + (f"?{query}" if query else "")


def version_day(v: VersionInfo) -> date | None:
    """The date that selects this version (its start of validity, else its version date)."""
    return v.effective_from or v.version_date


@router.get("", response_class=HTMLResponse)
async def search_page(
    request: Request,
    actor: PageActor,
    q: str = Query(default="", max_length=200),
    law: str = Query(default="", max_length=200),
    level: str = Query(default="", max_length=20),
    in_force: str = Query(default="", max_length=5),
    as_of: str = Query(default="", max_length=10),
) -> Response:
    """Search form and ranked articles with highlighted snippets."""
    state = app_state(request)
    day = parse_day(as_of, "有效日期")
    flt = LawFilters(law=law or None, level=level or None, in_force=bool(in_force) or None, as_of=day)
    hits: list[dict[str, Any]] = []
    notice = await run_in_threadpool(service.empty_notice, state.engine)
    if q.strip() and notice is None and not law:
        lib = await run_in_threadpool(_library, request)
        target = await run_in_threadpool(service.citation_target, lib, q, day)
        if target is not None:  # "价格法第十三条" goes to that article
            return redirect(article_url(target.law_id, target.article, target.suffix, as_of))
    if q.strip() and notice is None:
        hits = await run_in_threadpool(service.search, state.engine, state.settings, q, flt, 30)
    context = {
        "empty_notice": notice,
        "q": q,
        "law": law,
        "level": level,
        "in_force": bool(in_force),
        "as_of": as_of,
        "levels": LEVELS,
        "hits": hits,
        "searched": bool(q.strip()),
    }
    return render(request, "law/search.html", context, nav="law", crumbs=[("法律库", None)])


@router.get("/laws", response_class=HTMLResponse)
async def laws_page(
    request: Request,
    actor: PageActor,
    q: str = Query(default="", max_length=100),
    level: str = Query(default="", max_length=20),
    page: int = Query(default=1, ge=1, le=10_000),
) -> Response:
    """Laws by title, filtered by a title fragment and level, with paging."""
    lib = await run_in_threadpool(_library, request)
    everything = service.list_laws(lib, q or None, level or None, limit=100_000)
    pager = Pager(page, PER_PAGE, len(everything))
    rows = everything[(page - 1) * PER_PAGE : page * PER_PAGE]
    context = {
        "empty_notice": await run_in_threadpool(service.empty_notice, app_state(request).engine),
        "q": q,
        "level": level,
        "levels": LEVELS,
        "rows": rows,
        "pager": pager,
        "page_url": lambda n: url_with(request, page=n),
    }
    crumbs = [("法律库", "/law"), ("法律目录", None)]
    return render(request, "law/laws.html", context, nav="law", crumbs=crumbs)


@router.get("/laws/{law_id}", response_class=HTMLResponse)
async def law_page(
    request: Request, law_id: int, actor: PageActor, as_of: str = Query(default="", max_length=10)
) -> Response:
    """One law: its versions and the articles of the version in force on the date (default: current)."""
    lib = await run_in_threadpool(_library, request)
    info = _law(lib, law_id)
    day = parse_day(as_of, "有效日期")
    version = info.version_on(day)
    articles = sorted(version.articles) if version else []
    context = {
        "info": info,
        "version": version,
        "as_of": as_of,
        "articles": [(n, s, article_label(n, s)) for n, s in articles if n > 0],
        "versions": service.distinct_versions(info),
        "version_day": version_day,
    }
    crumbs = [("法律库", "/law"), ("法律目录", "/law/laws"), (info.title, None)]
    return render(request, "law/law.html", context, nav="law", crumbs=crumbs)


@router.get("/laws/{law_id}/articles/{number}", response_class=HTMLResponse)
async def article_page(
    request: Request,
    law_id: int,
    number: int,
    actor: PageActor,
    suffix: int = Query(default=0, ge=0, le=20),
    as_of: str = Query(default="", max_length=10),
) -> Response:
    """One article from the version in force on the date, with every version of the law to switch to."""
    lib = await run_in_threadpool(_library, request)
    info = _law(lib, law_id)
    day = parse_day(as_of, "有效日期")
    if number < 1:
        raise NotFound("条文不存在", code="article_not_found")
    article = await run_in_threadpool(service.show_article, lib, law_id, number, suffix=suffix, as_of=day)
    shown = next((v for v in info.versions if v.id == article["version_id"]), None)
    numbers = sorted(shown.articles) if shown else []
    here = numbers.index((number, suffix)) if (number, suffix) in numbers else -1
    prev_art = numbers[here - 1] if here > 0 else None
    next_art = numbers[here + 1] if 0 <= here < len(numbers) - 1 else None
    versions = [
        {"info": v, "day": version_day(v), "has": (number, suffix) in v.articles, "shown": v is shown}
        for v in service.distinct_versions(info)
    ]
    context = {
        "info": info,
        "article": article,
        "number": number,
        "suffix": suffix,
        "as_of": as_of,
        "shown": shown,
        "versions": versions,
        "prev_art": prev_art,
        "next_art": next_art,
        "article_label": article_label,
    }
    crumbs = [("法律库", "/law"), (info.title, f"/law/laws/{law_id}"), (article_label(number, suffix), None)]
    return render(request, "law/article.html", context, nav="law", crumbs=crumbs)

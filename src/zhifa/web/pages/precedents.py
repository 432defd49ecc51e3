"""案例库 pages: search and view precedents (the search service is not there yet: an explanatory page)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from zhifa.web.pages.common import PageActor, render

router = APIRouter(prefix="/precedents")


@router.get("", response_class=HTMLResponse)
async def precedents_page(
    request: Request, actor: PageActor, q: str = Query(default="", max_length=200)
) -> Response:
    """The precedent search page (results once the precedent index exists)."""
    context = {"q": q, "available": False}
    return render(request, "precedents/search.html", context, nav="precedents", crumbs=[("案例库", None)])

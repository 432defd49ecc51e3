"""The public verification page a printed document's QR code opens (no login, no navigation), and the form
for typing in the SM3 printed under the code."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.documents.kinds import KINDS
from zhifa.errors import NotFound, TooManyAttempts, ValidationFailed, retry_after
from zhifa.verification.service import verify_document
from zhifa.web.deps import app_state
from zhifa.web.pages.common import redirect, render
from zhifa.web.ratelimit import check_rate

router = APIRouter()


@router.get("/verify", response_class=HTMLResponse)
async def verify_form(request: Request, sm3: str = Query(default="", max_length=200)) -> Response:
    """The form for the SM3 printed under the QR code, typed in by hand (spaces and line breaks ignored)."""
    request.state.actor = None
    typed = "".join(sm3.split())
    if typed:
        return redirect(f"/verify/{quote(typed, safe='')}")
    return render(request, "verify/verify.html", {"ask": True}, title="文书核验")


@router.get("/verify/{sm3}", response_class=HTMLResponse)
async def verify_page(sm3: str, request: Request) -> Response:
    """Whether a document with this SM3 was issued here: kind, 文号, date, agency, signature."""
    request.state.actor = None  # a public page: the bare layout even for a signed-in visitor
    try:
        check_rate(request, "verify")
        found = await run_in_threadpool(verify_document, app_state(request).uow(), sm3)
    except (ValidationFailed, NotFound, TooManyAttempts) as exc:
        context = {"sm3": sm3[:80], "error": exc.message, "code": exc.code}
        page = render(request, "verify/verify.html", context, status=exc.http_status, title="文书核验")
        page.headers.update(retry_after(exc) or {})
        return page
    kind = KINDS.get(found["kind"])
    context = {"sm3": found["sm3"], "doc": found, "kind_title": kind.title if kind else found["title"]}
    return render(request, "verify/verify.html", context, title="文书核验")

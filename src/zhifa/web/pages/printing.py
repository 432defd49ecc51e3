"""A document's printable receipt (58/80 mm) for the system print dialog, where Web Bluetooth is missing."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.printing.service import escpos_document, receipt_view
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, render

router = APIRouter()


@router.get("/cases/{case_id}/documents/{doc}/receipt", response_class=HTMLResponse)
async def receipt_page(
    request: Request,
    case_id: str,
    doc: str,
    actor: PageActor,
    width: int = Query(default=58),
    autoprint: bool = Query(default=False),
) -> Response:
    """The document as the thermal printer prints it, sized for 58 or 80 mm paper (print CSS)."""
    state = app_state(request)
    base = state.settings.public_base_url or str(request.base_url)
    rendered = await run_in_threadpool(
        escpos_document, state.uow(), actor, case_id, doc, width, base, state.settings.var_dir
    )
    view = receipt_view(rendered, width)
    context = {**view, "case_id": case_id, "autoprint": autoprint}
    return render(request, "print/receipt.html", context, title=view["title"])

"""The documents of a case (文书与卷宗): the kinds it can fill now with preview (PDF inline, for printing)
and download, issuing (recorded and signed on the ledger), the issued versions, and the dossier catalogue
with its export. Calls the document services only."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from zhifa.documents import dossier_service as dossiers
from zhifa.documents import service as docs
from zhifa.errors import ZhifaError
from zhifa.services.cases import china_today
from zhifa.web.deps import app_state
from zhifa.web.pages.common import PageActor, flash, redirect, render

router = APIRouter()


@router.get("/cases/{case_id}/documents", response_class=HTMLResponse)
async def documents_page(request: Request, case_id: str, actor: PageActor) -> Response:
    """Documents available now, issued versions, and the dossier catalogue."""
    state = app_state(request)
    listing = await run_in_threadpool(docs.list_documents, state.uow(), actor, case_id)
    shown = await run_in_threadpool(
        dossiers.show_dossier, state.uow(), actor, case_id, state.settings.var_dir
    )
    title = shown["cover"]["case_title"] or "（未命名案件）"
    context = {**listing, "dossier": shown, "case_id": case_id, "title": title}
    crumbs = [("案件", "/cases"), (title, f"/cases/{case_id}"), ("文书与卷宗", None)]
    return render(request, "cases/documents.html", context, nav="cases", crumbs=crumbs)


@router.post("/cases/{case_id}/documents", response_class=HTMLResponse)
async def documents_issue(request: Request, case_id: str, actor: PageActor) -> Response:
    """Issue the document of the form; a refusal is shown as a message."""
    state = app_state(request)
    form = await request.form()
    kind, reason = str(form.get("kind", "")), str(form.get("reason", ""))
    record = str(form.get("record", "") or "0")
    try:
        issued = await run_in_threadpool(
            lambda: docs.issue_document(
                state.uow(),
                actor,
                case_id,
                kind,
                china_today(),
                reason=reason,
                var_dir=state.settings.var_dir,
                record=int(record) if record.isdigit() and len(record) <= 9 else -1,
            )
        )
    except ZhifaError as exc:
        if exc.http_status == 404:
            raise
        flash(request, exc.message, "error")
        return redirect(f"/cases/{case_id}/documents")
    flash(request, f"已制作并登记：{issued['title']} 第{issued['version']}版")
    return redirect(f"/cases/{case_id}/documents")


@router.get("/cases/{case_id}/documents/{doc}/file")
async def documents_file(
    request: Request,
    case_id: str,
    doc: str,
    actor: PageActor,
    format: str = Query(default="docx"),
    record: int = Query(default=0, ge=0, le=2**31 - 1),
) -> Response:
    """An issued version (by ledger seq) or a draft (by kind; `record`: the record a 笔录 is made from);
    PDF shown inline for preview and printing."""
    state = app_state(request)
    if doc.isdigit():
        rendered = await run_in_threadpool(
            docs.issued_file, state.uow(), actor, case_id, int(doc), format, state.settings.var_dir
        )
    else:
        rendered = await run_in_threadpool(
            lambda: docs.preview_document(state.uow(), actor, case_id, doc, format, record=record)
        )
    disposition = "inline" if format == "pdf" else "attachment"
    headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(rendered.filename)}"}
    return Response(rendered.data, media_type=rendered.content_type, headers=headers)


# A file shown in the reading pane of our own page may be framed by this origin only (the page CSP and
# X-Frame-Options stay as they are everywhere else).
FRAMED = {"x-frame-options": "SAMEORIGIN", "content-security-policy": "frame-ancestors 'self'"}


@router.get("/cases/{case_id}/dossier/items/{item_seq}/view")
async def dossier_item_view(request: Request, case_id: str, item_seq: int, actor: PageActor) -> Response:
    """阅览: a catalogue item's PDF (or file) inline, for the reading pane beside the catalogue."""
    state = app_state(request)
    rendered = await run_in_threadpool(
        dossiers.item_file, state.uow(), actor, case_id, item_seq, state.settings.var_dir
    )
    inline = rendered.content_type == "application/pdf" or rendered.content_type.startswith("image/")
    disposition = f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(rendered.filename)}"
    headers = {"Content-Disposition": disposition, **FRAMED}
    return Response(rendered.data, media_type=rendered.content_type, headers=headers)


@router.get("/cases/{case_id}/dossier.zip")
async def dossier_zip(request: Request, case_id: str, actor: PageActor) -> Response:
    """The self-proving dossier bundle."""
    state = app_state(request)
    data = await run_in_threadpool(
        dossiers.export_dossier, state.uow(), actor, case_id, state.settings.var_dir
    )
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(f'卷宗-{case_id}.zip')}"}
    return Response(data, media_type="application/zip", headers=headers)

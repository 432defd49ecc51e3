"""Documents and the dossier of a case: list, issue, download (issued version or draft), catalogue,
export of the self-proving bundle, rename of an item, and verification of an uploaded bundle."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from zhifa.documents import dossier_service as dossiers
from zhifa.documents import service as docs
from zhifa.documents.search import search_documents
from zhifa.domain.actors import Actor
from zhifa.errors import ValidationFailed
from zhifa.printing.service import escpos_document
from zhifa.services.cases import china_today
from zhifa.web.api.cases import CASE_WRITER, ERRORS
from zhifa.web.deps import app_state, current_actor

router = APIRouter(tags=["文书与卷宗"], responses=ERRORS)
MAX_BUNDLE_BYTES = 512 * 1024 * 1024


class IssueIn(BaseModel):
    """What to issue: a kind (code or Chinese title); a reason when it corrects an earlier version."""

    kind: str = Field(max_length=40)
    reason: str = Field(default="", max_length=500)
    pdf: bool = True
    record: int = Field(
        default=0, ge=0, le=2**31 - 1, description="笔录类文书所依据的账本记录序号（默认最近一份）"
    )


class RenameIn(BaseModel):
    """名称与来源修改 of a dossier item."""

    title: str = Field(max_length=200)
    reason: str = Field(max_length=500)
    source: str = Field(default="", max_length=200)


def _file(rendered: docs.RenderedFile, inline: bool) -> Response:
    disposition = "inline" if inline else "attachment"
    name = quote(rendered.filename)
    headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{name}"}
    return Response(rendered.data, media_type=rendered.content_type, headers=headers)


@router.get("/document-kinds", summary="文书种类（代码、名称、阶段、卷别）")
def kinds(actor: Actor = Depends(current_actor)) -> list[dict[str, Any]]:
    """Every document kind."""
    return docs.kinds_json()


@router.get(
    "/documents/search",
    summary="检索卷宗：已制作文书和证据 PDF 的全文（管辖范围内，可按机构、年度、种类、当事人筛选）",
)
def documents_search(
    request: Request,
    q: str = Query(default="", max_length=200),
    case_id: str | None = Query(default=None, max_length=32, description="只在本案卷宗内"),
    agency: str | None = Query(default=None, max_length=32),
    year: int | None = Query(default=None, ge=1990, le=2100),
    kind: str | None = Query(default=None, max_length=40),
    party: str | None = Query(default=None, max_length=100),
    limit: int = Query(default=50, ge=1, le=200),
    actor: Actor = Depends(current_actor),
) -> list[dict[str, Any]]:
    """Full-text hits with a marked snippet (【】)."""
    return search_documents(
        app_state(request).uow(),
        actor,
        q,
        case_id=case_id,
        agency=agency,
        year=year,
        kind=kind,
        party=party,
        limit=limit,
    )


@router.get("/cases/{case_id}/documents", summary="本案可制作的文书与已制作的文书（各版本）")
def documents_index(case_id: str, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """Available kinds and issued versions."""
    return docs.list_documents(app_state(request).uow(), actor, case_id)


@router.post(
    "/cases/{case_id}/documents",
    status_code=201,
    summary="制作并登记文书（账本记录 SM3，制作人签名）",
    dependencies=CASE_WRITER,
)
def documents_issue(
    case_id: str, request: Request, body: IssueIn = Body(...), actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """Issue a document: stored, and recorded on the ledger with its SM3, 文号 and version."""
    state = app_state(request)
    return docs.issue_document(
        state.uow(),
        actor,
        case_id,
        body.kind,
        china_today(),
        reason=body.reason,
        with_pdf=body.pdf,
        var_dir=state.settings.var_dir,
        record=body.record,
    )


@router.get(
    "/cases/{case_id}/documents/{doc}",
    summary="下载文书：doc 为已制作文书的账本序号（存档版本），或文书代码/名称（按账本生成的草稿）",
    response_class=Response,
)
def documents_download(
    case_id: str,
    doc: str,
    request: Request,
    format: str = Query(
        default="docx",
        pattern="^(docx|pdf|escpos)$",
        description="docx、pdf，或 escpos（热敏打印机指令，GB18030 文字、核验二维码、切纸）",
    ),
    width: int = Query(default=58, description="escpos 的纸宽（毫米）：58 或 80"),
    qr: str = Query(
        default="native",
        max_length=16,
        description="escpos 的核验二维码：native（打印机二维码指令 GS ( k）"
        "或 raster（图像 GS v 0，适用于不支持二维码指令的打印机）",
    ),
    inline: bool = Query(default=False, description="在浏览器中预览（PDF）"),
    record: int = Query(
        default=0, ge=0, le=2**31 - 1, description="草稿：笔录类文书所依据的账本记录序号（默认最近一份）"
    ),
    actor: Actor = Depends(current_actor),
) -> Response:
    """An issued version (checked against its ledger SM3) or a draft rendered from the ledger."""
    state = app_state(request)
    if format == "escpos":
        base = state.settings.public_base_url or str(request.base_url)
        rendered = escpos_document(
            state.uow(), actor, case_id, doc, width, base, state.settings.var_dir, qr_mode=qr
        )
        return _file(rendered, inline=False)
    if doc.isdigit():
        rendered = docs.issued_file(state.uow(), actor, case_id, int(doc), format, state.settings.var_dir)
    else:
        rendered = docs.preview_document(state.uow(), actor, case_id, doc, format, record=record)
    return _file(rendered, inline)


@router.get(
    "/cases/{case_id}/dossier", summary="卷宗：卷内文件目录（程序规定第七十八条顺序）、页号、封面信息"
)
def dossier_show(case_id: str, request: Request, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """The catalogue of the case's dossier."""
    state = app_state(request)
    return dossiers.show_dossier(state.uow(), actor, case_id, state.settings.var_dir)


@router.get(
    "/cases/{case_id}/dossier/export",
    summary="导出卷宗包（ZIP，清单经服务器 SM2 签名）",
    response_class=Response,
)
def dossier_export(
    case_id: str, request: Request, pdf: bool = Query(default=True), actor: Actor = Depends(current_actor)
) -> Response:
    """The self-proving bundle of the case (docs/dossier-bundle.md)."""
    state = app_state(request)
    data = dossiers.export_dossier(state.uow(), actor, case_id, state.settings.var_dir, with_pdf=pdf)
    return _file(docs.RenderedFile(f"卷宗-{case_id}.zip", "application/zip", data), inline=False)


@router.post(
    "/cases/{case_id}/dossier/items/{item_seq}/rename",
    status_code=201,
    summary="修改卷内文件名称或来源",
    dependencies=CASE_WRITER,
)
def dossier_rename(
    case_id: str,
    item_seq: int,
    request: Request,
    body: RenameIn = Body(...),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    """A signed ledger event; the old name is kept."""
    return dossiers.rename_item(
        app_state(request).uow(),
        actor,
        case_id,
        item_seq,
        body.title,
        body.reason,
        china_today(),
        new_source=body.source,
    )


@router.post("/dossier/verify", summary="校验卷宗包（只依据卷宗包本身）")
async def dossier_verify(
    file: UploadFile = File(...), actor: Actor = Depends(current_actor)
) -> dict[str, Any]:
    """Verify an uploaded bundle; the answer names the first failure."""
    data = await file.read(MAX_BUNDLE_BYTES + 1)
    if len(data) > MAX_BUNDLE_BYTES:
        raise ValidationFailed("卷宗包超过512MB", code="file_too_large")
    return dossiers.verify_file(data).to_json()

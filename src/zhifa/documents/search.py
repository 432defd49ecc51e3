"""检索: the text of issued documents and of text-bearing evidence PDFs, kept at issue time, searched within
one dossier or across the dossiers of the user's scope with filters (agency, year, kind, party)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from docx import Document
from pypdf import PdfReader
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from zhifa.documents.facts import CaseFacts
from zhifa.domain import events as ev
from zhifa.domain.actors import Actor
from zhifa.errors import ValidationFailed
from zhifa.identity.agencies import agency_key
from zhifa.identity.scope import missing
from zhifa.store.case_repo import CaseRecord
from zhifa.store.models.cases import EvidenceFile
from zhifa.store.models.dossier import DocumentText
from zhifa.store.uow import UnitOfWork

SNIPPET = 40
MAX_TERMS = 5


def docx_text(data: bytes) -> str:
    """Paragraph and table text of a DOCX."""
    doc: Any = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(p for p in parts if p.strip())


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF ('' for a scan without one, or a file that is not a PDF)."""
    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).strip()
    except Exception:  # not a PDF, or a damaged one: nothing to search
        return ""


def index_document(
    session: Session, row: CaseRecord, facts: CaseFacts, seq: int, event: ev.DocumentIssued, docx: bytes
) -> None:
    """Keep the text of an issued document (in the issuing transaction; a re-issue of identical bytes
    is already there)."""
    same = select(DocumentText.id).where(DocumentText.case_id == row.id, DocumentText.sm3 == event.sm3)
    if session.scalar(same) is not None:
        return
    _add(
        session,
        row,
        facts,
        seq,
        event.sm3,
        "document",
        event.kind,
        event.title,
        event.docno,
        event.on,
        docx_text(docx),
    )


def index_evidence(session: Session, row: CaseRecord, facts: CaseFacts, read: Any) -> None:
    """Keep the text of the case's evidence PDFs not indexed yet (`read(sm3)` gives the bytes)."""
    known = set(session.scalars(select(DocumentText.sm3).where(DocumentText.case_id == row.id)))
    pdfs = {
        r[0]
        for r in session.execute(
            select(EvidenceFile.sm3).where(
                EvidenceFile.case_id == row.id, EvidenceFile.content_type == "application/pdf"
            )
        )
    }
    for seq, e in facts.all(ev.EvidenceAdded):
        for digest in e.item.file_sm3:
            if digest in pdfs and digest not in known:
                text = pdf_text(read(digest))
                if text:
                    _add(
                        session,
                        row,
                        facts,
                        seq,
                        digest,
                        "evidence",
                        "evidence",
                        e.item.title,
                        "",
                        e.collected_on,
                        text,
                    )
                known.add(digest)


def _add(
    session: Session,
    row: CaseRecord,
    facts: CaseFacts,
    seq: int,
    digest: str,
    role: str,
    kind: str,
    title: str,
    docno: str,
    on: date,
    text: str,
) -> None:
    party = facts.case.party.name if facts.case.party else ""
    session.add(
        DocumentText(
            case_id=row.id,
            seq=seq,
            sm3=digest,
            role=role,
            kind=kind,
            title=title[:200],
            docno=docno[:64],
            party_name=party[:200],
            agency_path=row.agency_path,
            year=on.year,
            issued_on=on,
            text=text,
        )
    )


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _snippet(text: str, terms: list[str]) -> str:
    at = min((text.find(t) for t in terms if t in text), default=0)
    start = max(0, at - SNIPPET)
    piece = text[start : at + SNIPPET * 2].replace("\n", " ")
    for t in terms:
        piece = piece.replace(t, f"【{t}】")
    return ("…" if start else "") + piece + "…"


def search_documents(
    uow: UnitOfWork,
    actor: Actor,
    query: str,
    *,
    case_id: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    party: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Full-text hits in the actor's scope (every term must occur), newest first, with a marked snippet."""
    terms = query.split()[:MAX_TERMS]
    if not terms and not (case_id or kind or party or year):
        raise ValidationFailed("请输入检索词或至少一个筛选条件", code="empty_query")
    if not 1 <= limit <= 200:
        raise ValidationFailed("limit 必须在 1 到 200 之间", code="bad_limit")
    t = DocumentText
    with uow:
        path = actor.agency_path
        if agency:
            key = agency_key(uow.session, agency)
            if key is None or not actor.covers(key.path):
                raise missing("机构", "agency_not_found")
            path = key.path
        conds = [t.agency_path.startswith(path, autoescape=True)]
        conds += [t.text.like(_like(term), escape="\\") for term in terms]
        if case_id:
            conds.append(t.case_id == case_id)
        if year:
            conds.append(t.year == year)
        if kind:
            conds.append(t.kind == kind)
        if party:
            conds.append(t.party_name.like(_like(party), escape="\\"))
        rows = uow.session.scalars(
            select(t).where(and_(*conds)).order_by(t.issued_on.desc(), t.id.desc()).limit(limit)
        )
        return [
            {
                "case_id": r.case_id,
                "seq": r.seq,
                "role": r.role,
                "kind": r.kind,
                "title": r.title,
                "docno": r.docno,
                "party": r.party_name,
                "issued_on": r.issued_on.isoformat(),
                "snippet": _snippet(r.text, terms),
            }
            for r in rows
        ]

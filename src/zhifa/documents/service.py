"""Document use cases: list the kinds, preview a document, issue it (recorded and signed on the ledger),
read back an issued version. Service functions own the transaction; the web and CLI call only these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from zhifa.documents import render, search
from zhifa.documents.facts import CaseFacts
from zhifa.documents.kinds import (
    KINDS,
    PER_RECORD,
    DocumentKind,
    available,
    kind_of,
    record_label,
    source_records,
)
from zhifa.domain import events as ev
from zhifa.domain.actors import Actor, Role
from zhifa.domain.refusals import ActionForbidden, refuse
from zhifa.domain.stages import Stage
from zhifa.domain.state import Case
from zhifa.domain.values import sm3_hex
from zhifa.errors import NotFound, ValidationFailed
from zhifa.identity.scope import ensure_can_write
from zhifa.law.cite import cite
from zhifa.law.service import library
from zhifa.ledger import NewEvent
from zhifa.services.case_store import ledger, load_case, project, visible_row
from zhifa.services.evidence import files_dir, write_bytes
from zhifa.store.case_repo import CaseRecord
from zhifa.store.models.identity import Agency, User
from zhifa.store.uow import UnitOfWork

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
FORMATS = {"docx": DOCX, "pdf": PDF}


@dataclass(frozen=True)
class RenderedFile:
    """A document's bytes with its download name and media type."""

    filename: str
    content_type: str
    data: bytes


def kinds_json() -> list[dict[str, Any]]:
    """Every kind: code, Chinese title, stage, dossier volume."""
    return [{"code": k.code, "title": k.title, "stage": k.stage, "volume": k.volume} for k in KINDS.values()]


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValidationFailed(f"不支持的文书格式“{fmt}”，可选：docx、pdf", code="bad_document_format")
    return fmt


def _provision_lookup(engine: Engine) -> Any:
    """label → [(label, text)] at a date, from the law library (None when no law is imported).
    It reads through its own connections: call it outside a write transaction (SQLite has one writer)."""
    lib = library(engine)
    if not lib.laws:
        return None

    def lookup(label: str, as_of: date | None) -> list[tuple[str, str]]:
        return [
            (r.provision.label, lib.text(r.provision)) for r in cite(label, lib, as_of=as_of) if r.provision
        ]

    return lookup


def case_facts(session: Session, row: CaseRecord) -> CaseFacts:
    """The case's ledger read for documents: replayed state, events with their seq, names (no law texts:
    `_with_law` adds them after the transaction)."""
    case, records = load_case(session, row)
    events = list(zip([r.seq for r in records], case.corrected_events, strict=True))  # 更正 applied
    ids = sorted({e.by for _, e in events} | {u for _, e in events for u in getattr(e, "collectors", ())})
    users = {r[0]: r[1] for r in session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))}
    agency = session.scalar(select(Agency.name).where(Agency.code == case.agency_code)) or ""
    return CaseFacts(case, events, agency, users)


def _read(uow: UnitOfWork, actor: Actor, case_id: str) -> CaseFacts:
    """The facts of a visible case, read in a short transaction, then given the law library."""
    with uow:
        facts = case_facts(uow.session, visible_row(uow.session, actor, case_id))
    facts.provisions = _provision_lookup(uow.engine)
    return facts


def _issued(facts: CaseFacts) -> list[dict[str, Any]]:
    return [
        {
            "seq": seq,
            "kind": e.kind,
            "title": e.title,
            "docno": e.docno,
            "version": e.version,
            "sm3": e.sm3,
            "pdf_sm3": e.pdf_sm3,
            "size": e.size,
            "supersedes": e.supersedes,
            "reason": e.reason,
            "source_seq": e.source_seq,
            "issued_on": e.on.isoformat(),
            "issued_by": facts.name(e.by),
        }
        for seq, e in facts.all(ev.DocumentIssued)
    ]


def _entry(facts: CaseFacts, kind: DocumentKind) -> dict[str, Any]:
    """An available kind; a per-record kind (笔录) with the records it can be made from, oldest first."""
    entry: dict[str, Any] = {"code": kind.code, "title": kind.title, "stage": kind.stage}
    tp = PER_RECORD.get(kind.code)
    if tp is not None:
        entry["records"] = [{"seq": s, "label": record_label(e)} for s, e in facts.all(tp)]
    return entry


def list_documents(uow: UnitOfWork, actor: Actor, case_id: str) -> dict[str, Any]:
    """The kinds this case can fill now and the documents issued so far (every version); a per-record
    kind (现场笔录, 询问笔录 …) lists under `records` each record it can be made from (by ledger seq)."""
    facts = _read(uow, actor, case_id)
    return {
        "available": [_entry(facts, k) for k in available(facts)],
        "issued": _issued(facts),
    }


NUMBERED = {
    "filing_approval",
    "penalty_notice",
    "penalty_decision",
    "no_penalty_decision",
    "summary_decision",
    "preservation_notice",
    "seizure_decision",
    "seizure_extension",
    "seizure_release",
    "correction_order",
    "hearing_notice",
    "payment_reminder",
}
WITH_FACTS = {"investigation_report", "penalty_notice", "penalty_decision", "no_penalty_decision"}


def missing_fields(kind: DocumentKind, fields: dict[str, Any]) -> list[str]:
    """What the document cannot go without and the ledger does not hold (in Chinese)."""
    out = []
    if not fields.get("party", {}).get("name"):
        out.append("当事人名称")
    if kind.code in NUMBERED and not fields.get("docno"):
        out.append("文号")
    if kind.code in WITH_FACTS and not str(fields.get("facts", "")).strip():
        out.append("违法事实")
    if kind.code in WITH_FACTS | {"summary_decision"} and not fields.get("provisions"):
        out.append("法律依据")
    return out


def _render(facts: CaseFacts, kind: DocumentKind) -> tuple[dict[str, Any], bytes]:
    fields = kind.build(facts)
    fields.setdefault("doc_title", kind.title)
    fields.setdefault("docno", "")
    if missing := missing_fields(kind, fields):
        raise ValidationFailed(
            f"《{fields['doc_title']}》缺少必要内容：{'、'.join(missing)}（本案账本中没有），请先补办相应手续或登记更正",
            code="document_field_missing",
            details={"missing": missing},
        )
    return fields, render.render_docx(kind.code, fields)


def _name(kind: DocumentKind, fields: dict[str, Any], fmt: str, version: int = 0) -> str:
    suffix = f"-v{version}" if version > 1 else ""
    party = fields.get("party", {}).get("name", "")
    return f"{fields['doc_title'].replace('/', '、')}-{party}{suffix}.{fmt}"


def _source(facts: CaseFacts, spec: DocumentKind, record: int) -> int:
    """The record a per-record kind (笔录) is made from — `record`, or the latest — set on `facts`."""
    sources = source_records(facts, spec.code)
    if record and record not in sources:
        raise ValidationFailed(
            f"本案序号为 {record} 的记录不能制作《{spec.title}》", code="document_source_invalid"
        )
    facts.source_seq = record or (sources[-1] if sources else 0)
    return facts.source_seq


def preview_document(
    uow: UnitOfWork, actor: Actor, case_id: str, kind: str, fmt: str = "docx", *, record: int = 0
) -> RenderedFile:
    """Render a document from the ledger without issuing it (a draft for reading); `record` picks the
    record of a per-record kind (the latest by default)."""
    _check_format(fmt)
    spec = kind_of(kind)
    facts = _read(uow, actor, case_id)
    _source(facts, spec, record)
    fields, docx = _render(facts, spec)
    data = render.to_pdf(docx) if fmt == "pdf" else docx
    return RenderedFile(_name(spec, fields, fmt), FORMATS[fmt], data)


def ensure_may_issue(actor: Actor, case: Case) -> None:
    """Documents are made by the case's handlers or a head (负责人), like corrections (程序规定 第十九条)."""
    if case.handlers and actor.user_id not in case.handler_ids and not actor.has(Role.HEAD):
        raise ActionForbidden("not_case_handler", "文书须由本案办案人员或负责人制作")


def _stored(directory: Path, digest: str) -> bytes:
    path = directory / digest
    return path.read_bytes() if path.exists() else b""


def issue_document(
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    kind: str,
    today: date,
    *,
    reason: str = "",
    with_pdf: bool = True,
    var_dir: Path | None = None,
    record: int = 0,
) -> dict[str, Any]:
    """Render the document from the ledger, store it, and record `DocumentIssued` signed by the actor.
    A second issue of the same kind is a new version that supersedes the previous one (both kept); for a
    per-record kind (笔录) "the same" means made from the same record (`record`, default the latest)."""
    spec = kind_of(kind)
    ensure_can_write(actor)
    facts = _read(uow, actor, case_id)
    case = facts.case
    ensure_may_issue(actor, case)
    if case.stage is Stage.ARCHIVED:
        raise refuse("case_archived", "案件已归档，不能再制作文书")
    if case.last_on is not None and today < case.last_on:
        raise refuse("date_before_last_event", f"制作日期{today.isoformat()}早于本案最近一次记录")
    source = _source(facts, spec, record)
    fields, docx = _render(facts, spec)
    before = [
        (s, e) for s, e in facts.all(ev.DocumentIssued) if e.kind == spec.code and e.source_seq == source
    ]
    if before and not reason.strip():
        raise ValidationFailed(
            f"《{spec.title}》已制作第{len(before)}版，重新制作须说明原因（如更正的内容）",
            code="document_reason_required",
        )
    pdf = render.to_pdf(docx) if with_pdf and render.soffice() else b""
    directory = files_dir(var_dir)
    digest = write_bytes(directory, docx)  # content-addressed: harmless if the transaction below fails
    pdf_digest = write_bytes(directory, pdf) if pdf else ""
    with uow:
        session = uow.session
        row = visible_row(session, actor, case_id)
        event = ev.DocumentIssued(
            by=actor.user_id,
            on=today,
            kind=spec.code,
            title=str(fields["doc_title"]),
            docno=str(fields["docno"]),
            sm3=digest,
            size=len(docx),
            version=len(before) + 1,
            pdf_sm3=pdf_digest,
            supersedes=before[-1][0] if before else 0,
            reason=reason.strip(),
            source_seq=source,
        )
        records = ledger(session).append(
            row.stream_id,
            [NewEvent.by_user(actor.user_id, event.type, event.to_payload(), sign=True)],
            expected_seq=case.version,  # a write in between is a Conflict: the document read older facts
        )
        case.apply(event)
        project(session, row, case, [event])
        search.index_document(session, row, facts, records[0].seq, event, docx)
        search.index_evidence(session, row, facts, lambda d: _stored(directory, d))
        uow.commit()
    return {**_issued(CaseFacts(case, [(records[0].seq, event)], facts.agency_name, facts.users))[0]}


def issued_file(
    uow: UnitOfWork, actor: Actor, case_id: str, seq: int, fmt: str = "docx", var_dir: Path | None = None
) -> RenderedFile:
    """The bytes of an issued document version (checked against the SM3 its ledger record fixes)."""
    _check_format(fmt)
    with uow:
        facts = case_facts(uow.session, visible_row(uow.session, actor, case_id))
    found = [e for s, e in facts.all(ev.DocumentIssued) if s == seq]
    if not found:
        raise NotFound(f"本案没有序号为 {seq} 的已制作文书", code="document_not_found")
    e = found[0]
    digest = e.sm3 if fmt == "docx" else e.pdf_sm3
    if not digest:
        raise NotFound("该文书制作时未生成 PDF，请下载 DOCX 或重新制作", code="document_pdf_missing")
    path = files_dir(var_dir) / digest
    data = path.read_bytes() if path.exists() else b""
    if sm3_hex(data) != digest:
        raise ValidationFailed("文书文件缺失或与账本记录的 SM3 不符", code="document_file_mismatch")
    spec = KINDS.get(e.kind)
    name = f"{e.title.replace('/', '、')}-v{e.version}.{fmt}" if spec else f"document-{seq}.{fmt}"
    return RenderedFile(name, FORMATS[fmt], data)

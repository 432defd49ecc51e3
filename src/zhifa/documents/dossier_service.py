"""Dossier use cases: show the catalogue, export the self-proving bundle, rename an item (a signed ledger
event), search the issued documents. Service functions own the transaction."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from zhifa.config import get_settings
from zhifa.documents import bundle, dossier, render
from zhifa.documents import service as docs
from zhifa.documents.facts import CaseFacts
from zhifa.documents.server_key import server_key
from zhifa.documents.service import _read, case_facts, ensure_may_issue
from zhifa.domain import events as ev
from zhifa.domain.actors import Actor
from zhifa.domain.refusals import refuse
from zhifa.errors import NotFound, ValidationFailed
from zhifa.identity.scope import ensure_can_write
from zhifa.ledger import NewEvent
from zhifa.services.case_store import ledger, project, visible_row
from zhifa.services.evidence import files_dir, read_file
from zhifa.store.key_repo import SqlKeyStore
from zhifa.store.models.cases import EvidenceFile
from zhifa.store.uow import UnitOfWork

SHEETS = {"dossier_cover": "卷宗封面", "dossier_catalogue": "卷内文件目录", "dossier_notes": "卷内备考表"}


def _pages(data: bytes) -> int:
    try:
        return max(1, len(PdfReader(io.BytesIO(data)).pages))
    except Exception:  # not a PDF, or a damaged one: one sheet in the catalogue
        return 1


def _file(directory: Path, digest: str) -> bytes:
    path = directory / digest
    if not path.exists():
        raise ValidationFailed(f"卷内文件 {digest[:12]}… 缺失，无法组卷", code="dossier_file_missing")
    return path.read_bytes()


def _assemble(facts: CaseFacts, names: dict[str, str], directory: Path) -> dossier.Dossier:
    counts = {}
    pdfs = [e.pdf_sm3 for _, e in facts.all(ev.DocumentIssued) if e.pdf_sm3]
    pdfs += [
        f
        for _, e in facts.all(ev.EvidenceAdded)
        for f in e.item.file_sm3
        if names.get(f, "").lower().endswith(".pdf")
    ]
    for digest in pdfs:
        if (directory / digest).exists():
            counts[digest] = _pages((directory / digest).read_bytes())
    return dossier.build(facts, counts, names)


def _evidence_names(uow: UnitOfWork, case_id: str) -> dict[str, str]:
    with uow:
        rows = uow.session.execute(
            select(EvidenceFile.sm3, EvidenceFile.filename).where(EvidenceFile.case_id == case_id)
        )
        return {r[0]: r[1] for r in rows}


def show_dossier(uow: UnitOfWork, actor: Actor, case_id: str, var_dir: Path | None = None) -> dict[str, Any]:
    """The catalogue in the SAMR order with page numbers, the cover fields, superseded and renamed items."""
    facts = _read(uow, actor, case_id)
    built = _assemble(facts, _evidence_names(uow, case_id), files_dir(var_dir))
    return {
        "case_id": case_id,
        "cover": built.cover,
        "items": [i.to_json() for i in built.items],
        "pages": {"正卷": built.pages(dossier.MAIN), "副卷": built.pages(dossier.SIDE)},
        "superseded": built.superseded,
        "renamed": built.renamed,
    }


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name)[:80]


def export_dossier(
    uow: UnitOfWork, actor: Actor, case_id: str, var_dir: Path | None = None, *, with_pdf: bool = True
) -> bytes:
    """The dossier bundle (ZIP) of a case, its manifest signed by the server key (docs/dossier-bundle.md)."""
    settings = get_settings()
    var = var_dir or settings.var_dir
    directory = files_dir(var)
    facts = _read(uow, actor, case_id)
    names = _evidence_names(uow, case_id)
    built = _assemble(facts, names, directory)
    with uow:
        row = visible_row(uow.session, actor, case_id)
        records = ledger(uow.session).read(row.stream_id)
        key_ids = sorted({r.key_id for r in records if r.key_id})
        store = SqlKeyStore(uow.session)
        keys = [k for k in (store.get(i) for i in key_ids) if k is not None]
    if len(records) != facts.case.version:
        raise refuse("dossier_changed", "组卷期间案件有新的记录，请重试")
    files: list[bundle.BundleFile] = []
    for item in built.items:
        stem = f"{'zheng' if item.volume == dossier.MAIN else 'fu'}-{item.no:03d}-{_safe(item.title)}"
        for digest in item.files:
            data = _file(directory, digest)
            if item.role == "document":
                ext = "pdf" if data.startswith(b"%PDF") else "docx"
                files.append(bundle.BundleFile(f"documents/{stem}.{ext}", data, "document", item.seq))
            else:
                files.append(
                    bundle.BundleFile(
                        f"evidence/{stem}-{digest[:8]}-{_safe(names.get(digest, digest))}",
                        data,
                        "evidence",
                        item.seq,
                    )
                )
    for s in built.superseded:
        for digest in s["files"]:
            data = _file(directory, digest)
            ext = "pdf" if data.startswith(b"%PDF") else "docx"
            path = f"documents/superseded/{s['seq']:04d}-{_safe(s['title'])}-v{s['version']}.{ext}"
            files.append(bundle.BundleFile(path, data, "superseded", s["seq"]))
    converter = with_pdf and render.soffice() is not None
    sheets = {
        SHEETS[code]: render.render_docx(code, {**fields, "doc_title": SHEETS[code]})
        for code, fields in dossier.sheet_fields(built).items()
    }
    pdfs = render.to_pdfs(list(sheets.values())) if converter else []
    for (name, docx), pdf in zip(sheets.items(), pdfs or [b""] * len(sheets), strict=True):
        files.append(bundle.BundleFile(f"dossier/{name}.docx", docx, "sheet"))
        if pdf:
            files.append(bundle.BundleFile(f"dossier/{name}.pdf", pdf, "sheet"))
    files.append(bundle.BundleFile(bundle.RECORDS, bundle.records_jsonl(records), "ledger"))
    files.append(bundle.BundleFile(bundle.SIGNERS, bundle.signers_json(keys), "keys"))
    private, public = server_key(var, settings.key_encryption_secret)
    head = {
        "case_id": case_id,
        "stream_id": row.stream_id,
        "ledger_length": len(records),
        "ledger_head": records[-1].hash if records else "",
        "title": built.cover["case_title"],
        "agency": facts.agency_name,
        "archive_no": built.cover["archive_no"],
        "retention": built.cover["retention"],
        "exported_at": datetime.now(UTC).isoformat(),
        "exported_by": actor.username,
    }
    return bundle.write_bundle(files, head, [i.to_json() for i in built.items], private, public)


def rename_item(
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    item_seq: int,
    new_title: str,
    reason: str,
    today: date,
    *,
    new_source: str = "",
) -> dict[str, Any]:
    """名称与来源修改: a signed ledger event that keeps the old name; the catalogue shows the new one."""
    ensure_can_write(actor)
    if not new_title.strip() or not reason.strip():
        raise ValidationFailed("须填写新的名称和修改原因", code="rename_fields_required")
    with uow:
        session = uow.session
        row = visible_row(session, actor, case_id)
        facts = case_facts(session, row)
        ensure_may_issue(actor, facts.case)
        items = {i.seq: i for i in dossier.build(facts, {}, {}).items}
        item = items.get(item_seq)
        if item is None:
            raise ValidationFailed(f"卷内没有序号为 {item_seq} 的文件", code="dossier_item_not_found")
        if facts.case.last_on is not None and today < facts.case.last_on:
            raise refuse("date_before_last_event", f"修改日期{today.isoformat()}早于本案最近一次记录")
        event = ev.DossierItemRenamed(
            by=actor.user_id,
            on=today,
            item_seq=item_seq,
            old_title=item.title,
            new_title=new_title.strip()[:200],
            old_source=item.source,
            new_source=new_source.strip()[:200],
            reason=reason.strip()[:500],
        )
        new = NewEvent.by_user(actor.user_id, event.type, event.to_payload(), sign=True)
        records = ledger(session).append(row.stream_id, [new], expected_seq=facts.case.version)
        facts.case.apply(event)
        project(session, row, facts.case, [event])
        uow.commit()
    return {
        "seq": records[0].seq,
        "item_seq": item_seq,
        "old_title": item.title,
        "new_title": event.new_title,
    }


def verify_file(data: bytes, server_key_id: str = "") -> bundle.Verdict:
    """Verify a bundle's bytes (offline: nothing but the bundle; optionally pin the server key)."""
    return bundle.verify_bundle(data, server_key_id)


def item_file(
    uow: UnitOfWork, actor: Actor, case_id: str, item_seq: int, var_dir: Path | None = None
) -> docs.RenderedFile:
    """阅览: the file to show for a catalogue item — a document's PDF (else its DOCX), an evidence file."""
    directory = files_dir(var_dir)
    facts = _read(uow, actor, case_id)
    issued = {s: e for s, e in facts.all(ev.DocumentIssued)}
    if item_seq in issued:
        e = issued[item_seq]
        fmt = "pdf" if e.pdf_sm3 else "docx"
        return docs.issued_file(uow, actor, case_id, item_seq, fmt, var_dir)
    evidence = {s: e for s, e in facts.all(ev.EvidenceAdded)}
    if item_seq not in evidence or not evidence[item_seq].item.file_sm3:
        raise NotFound(f"卷内没有序号为 {item_seq} 的可阅览文件", code="dossier_item_not_found")
    digest = evidence[item_seq].item.file_sm3[0]
    with uow:
        meta, data = read_file(
            uow.session, visible_row(uow.session, actor, case_id), digest, directory.parent
        )
        return docs.RenderedFile(meta.filename, meta.content_type, data)

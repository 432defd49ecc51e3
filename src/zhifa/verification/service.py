"""Public verification: was a document with this SM3 issued, what it is, and does its ledger record hold.

Anyone holding a printed or downloaded document may ask, without logging in, so the answer says only what
the document itself shows an outsider: kind, 文号, date, issuing agency, version, whether a later version
replaced it, and whether the ledger record that fixes the SM3 is intact and carries a valid SM2 signature.
No party, no officer, no case number. The lookup uses the index of issued documents (`document_texts`,
indexed by SM3 in migration 0018); the ledger record itself is the authority and is re-checked each time.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from zhifa.domain.events_docs import DocumentIssued
from zhifa.errors import NotFound, ValidationFailed
from zhifa.ledger.events import actor_user_id
from zhifa.ledger.signing import SignatureChecker
from zhifa.ledger.verify import verify_stream
from zhifa.store.key_repo import SqlKeyStore
from zhifa.store.ledger_repo import SqlLedgerStore
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.dossier import DocumentText
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork

SM3_TEXT = re.compile(r"[0-9A-Fa-f]{64}")
ISSUED = DocumentIssued.__name__


def check_sm3_text(text: str) -> str:
    """The SM3 in lower case; 422 `bad_sm3` unless it is exactly 64 hexadecimal characters."""
    if not SM3_TEXT.fullmatch(text):
        raise ValidationFailed(
            "核验码应为 64 位十六进制字符（文书的 SM3 摘要），请完整扫描或输入", code="bad_sm3"
        )
    return text.lower()


def not_issued() -> NotFound:
    """The answer for an SM3 no issued document has."""
    return NotFound(
        "本系统没有登记过这一 SM3 的文书：文书可能不是本系统制作，或文件内容已被改动",
        code="document_not_issued",
    )


def verify_document(uow: UnitOfWork, sm3: str) -> dict[str, Any]:
    """What may be said publicly about the issued document with this SM3 (404 when there is none)."""
    digest = check_sm3_text(sm3)
    with uow:
        session = uow.session
        hit = session.execute(
            select(DocumentText.case_id)
            .where(DocumentText.sm3 == digest, DocumentText.role == "document")
            .order_by(DocumentText.id)
            .limit(1)
        ).first()
        if hit is None:
            raise not_issued()
        case = session.execute(
            select(CaseRow.stream_id, Agency.name)
            .join(Agency, Agency.id == CaseRow.agency_id)
            .where(CaseRow.id == hit.case_id)
        ).one()
        records = SqlLedgerStore(session).read(case.stream_id)
        # the ledger decides: the last record of the stream that fixes this SM3 (a re-issue of identical
        # bytes is a later version of the same file; the index keeps only the first)
        fixing = [r for r in records if r.type == ISSUED and r.payload.get("sm3") == digest]
        if not fixing:
            raise not_issued()
        record = fixing[-1]
        upto = [r for r in records if r.seq <= record.seq]
        # the chain up to the record (links and hashes: cheap), then the one signature that matters here
        report = verify_stream(upto, None, stream_id=case.stream_id)
        problem = report.problem.message if report.problem is not None else None
        if problem is None and not (record.signature and record.key_id):
            problem = "记录没有签名"
        elif problem is None and record.signature and record.key_id:
            problem = SignatureChecker(SqlKeyStore(session)).check(
                record.key_id,
                record.signature,
                bytes.fromhex(record.hash),
                actor_user_id(record.actor),
                record.recorded_at,
            )
    payload = record.payload
    later = [
        r.payload.get("version")
        for r in records
        if r.seq > record.seq and r.type == ISSUED and r.payload.get("supersedes") == record.seq
    ]
    return {
        "sm3": digest,
        "issued": True,
        "kind": payload["kind"],
        "title": payload["title"],
        "docno": payload["docno"],
        "issued_on": payload["on"],
        "version": payload["version"],
        "agency": case.name,
        "superseded_by_version": later[0] if later else None,
        "signature": {
            "valid": problem is None,
            "signed_at": record.recorded_at,
            "problem": problem,
        },
    }

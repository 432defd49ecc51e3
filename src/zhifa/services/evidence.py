"""Evidence files: bytes under <var_dir>/files/<sm3>, metadata in evidence_files, only the hash in events."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.config import get_settings
from zhifa.domain import commands as cmd
from zhifa.domain import events as ev
from zhifa.domain.actors import Actor
from zhifa.domain.refusals import ActionForbidden
from zhifa.domain.values import sm3_hex
from zhifa.errors import ValidationFailed
from zhifa.store.case_repo import CaseRecord
from zhifa.store.models.cases import CaseHandler, EvidenceFile
from zhifa.store.uow import UnitOfWork

MAX_FILE_BYTES = 50 * 1024 * 1024
_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Upload:
    """One uploaded file."""

    filename: str
    content_type: str
    data: bytes


def files_dir(var_dir: Path | None = None) -> Path:
    """Where evidence bytes live."""
    return (var_dir or get_settings().var_dir) / "files"


def write_bytes(directory: Path, data: bytes) -> str:
    """Store bytes content-addressed by SM3 (atomic rename; an existing file is kept); returns the hex."""
    digest = sm3_hex(data)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / digest
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".upload-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    return digest


def store_uploads(
    session: Session, actor: Actor, row: CaseRecord, uploads: Sequence[Upload], var_dir: Path | None = None
) -> list[str]:
    """Write the files and register them for the case (caller commits); returns their SM3 digests."""
    digests = []
    for upload in uploads:
        if not upload.data:
            raise ValidationFailed(f"文件“{upload.filename}”为空", code="empty_file")
        if len(upload.data) > MAX_FILE_BYTES:
            raise ValidationFailed(f"文件“{upload.filename}”超过50MB", code="file_too_large")
        digest = write_bytes(files_dir(var_dir), upload.data)
        known = session.scalar(
            select(EvidenceFile).where(EvidenceFile.case_id == row.id, EvidenceFile.sm3 == digest)
        )
        if known is None:
            session.add(
                EvidenceFile(
                    case_id=row.id, sm3=digest, filename=(upload.filename or digest)[:255],
                    content_type=(upload.content_type or "application/octet-stream")[:100],
                    size=len(upload.data),
                    uploaded_by=actor.user_id, uploaded_at=datetime.now(UTC),
                )
            )  # fmt: skip
        digests.append(digest)
    session.flush()
    return digests


def ensure_case_handler(session: Session, actor: Actor, row: CaseRecord) -> None:
    """Only an assigned 办案人员 of the case handles its evidence (程序规定第二十二条)."""
    handler = session.scalar(
        select(CaseHandler.id).where(CaseHandler.case_id == row.id, CaseHandler.user_id == actor.user_id)
    )
    if handler is None:
        raise ActionForbidden("not_case_handler", "证据材料须由本案办案人员收集和上传（程序规定第二十二条）")


def attach_and_check(
    session: Session, row: CaseRecord, command: cmd.AddEvidence, extra: Sequence[str]
) -> cmd.AddEvidence:
    """Add the just-uploaded digests to the item; every referenced file must be registered for this case."""
    digests = tuple(dict.fromkeys((*command.item.file_sm3, *extra)))
    if not digests:
        return command
    known = set(session.scalars(select(EvidenceFile.sm3).where(EvidenceFile.case_id == row.id)))
    missing = [d for d in digests if d not in known]
    if missing:
        raise ValidationFailed(
            f"附件 {missing[0][:16]}… 尚未上传到本案，请先上传文件再登记证据", code="file_not_uploaded"
        )
    return replace(command, item=replace(command.item, file_sm3=digests))


def evidence_list(
    session: Session, row: CaseRecord, events: Sequence[tuple[int, ev.Event]]
) -> list[dict[str, Any]]:
    """Evidence items of the case (from its events) with the metadata of their files."""
    files: dict[str, EvidenceFile] = {}
    if any(isinstance(e, ev.EvidenceAdded) and e.item.file_sm3 for _, e in events):
        found = session.scalars(select(EvidenceFile).where(EvidenceFile.case_id == row.id))
        files = {f.sm3: f for f in found}
    out = []
    for seq, event in events:
        if not isinstance(event, ev.EvidenceAdded):
            continue
        item = event.item
        out.append(
            {
                "seq": seq,
                "kind": item.kind.value,
                "title": item.title,
                "source": item.source,
                "collected_on": event.collected_on.isoformat(),
                "collectors": list(event.collectors),
                "files": [
                    {
                        "sm3": d,
                        "filename": files[d].filename if d in files else "",
                        "size": files[d].size if d in files else None,
                        "content_type": files[d].content_type if d in files else "",
                    }
                    for d in item.file_sm3
                ],
            }
        )
    return out


def read_file(
    session: Session, row: CaseRecord, digest: str, var_dir: Path | None = None
) -> tuple[EvidenceFile, bytes]:
    """The bytes of a file registered for this case (NotFound-style refusal otherwise)."""
    from zhifa.identity.scope import missing

    meta = session.scalar(
        select(EvidenceFile).where(EvidenceFile.case_id == row.id, EvidenceFile.sm3 == digest)
    )
    path = files_dir(var_dir) / digest
    if meta is None or not path.is_file():
        raise missing("证据文件", "file_not_found")
    data = path.read_bytes()
    if sm3_hex(data) != digest:
        raise ValidationFailed("证据文件内容与登记的 SM3 摘要不符（文件可能被篡改）", code="file_tampered")
    return meta, data


def evidence_file(
    uow: UnitOfWork, actor: Actor, case_id: str, digest: str, var_dir: Path | None = None
) -> tuple[str, bytes]:
    """(file name, bytes) of an evidence file of a visible case; any other digest is the same 404."""
    from zhifa.identity.scope import missing
    from zhifa.services.case_store import visible_row

    if not _DIGEST.fullmatch(digest):
        raise missing("证据文件", "file_not_found")
    with uow:
        row = visible_row(uow.session, actor, case_id)
        meta, data = read_file(uow.session, row, digest, var_dir)
        return meta.filename, data


def readable_files(
    uow: UnitOfWork, actor: Actor, case_id: str, digests: Sequence[str], var_dir: Path | None = None
) -> list[bytes]:
    """The bytes of those evidence files of a visible case that can be read intact (others skipped)."""
    from zhifa.errors import ZhifaError
    from zhifa.services.case_store import visible_row

    out = []
    with uow:
        row = visible_row(uow.session, actor, case_id)
        for digest in digests:
            try:
                out.append(read_file(uow.session, row, digest, var_dir)[1])
            except ZhifaError:
                continue
    return out

"""Events of the document layer: a document issued from the ledger, a dossier item renamed."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.domain.serde import Event


@dataclass(frozen=True, kw_only=True)
class DocumentIssued(Event):
    """A legal document generated from this ledger and signed by the person issuing it.

    `sm3` fixes the DOCX bytes (and `pdf_sm3` the archival PDF when one was made); a corrected document is
    a new version that names the record it `supersedes` — the old one is kept (DESIGN §2)."""

    label = "制作执法文书"
    signed = True
    kind: str
    title: str
    docno: str
    sm3: str
    size: int
    version: int
    pdf_sm3: str = ""
    supersedes: int = 0  # seq of the DocumentIssued record this version replaces (0: first version)
    reason: str = ""
    source_seq: int = 0  # the record it was made from, for kinds made once per record (笔录); 0 otherwise


@dataclass(frozen=True, kw_only=True)
class DossierItemRenamed(Event):
    """A dossier item's name or source corrected (案卷名称与来源修改); the old values stay on the ledger."""

    label = "修改卷内文件名称或来源"
    signed = True
    item_seq: int
    old_title: str
    new_title: str
    old_source: str
    new_source: str
    reason: str

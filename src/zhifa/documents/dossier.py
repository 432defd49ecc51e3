"""The e-dossier (卷宗) of one case: items in the order of 程序规定 第七十八条, volume and item numbers, page
numbers, and the fields of the cover (卷宗封面), catalogue (卷内文件目录) and notes (卷内备考表).

Items are the latest version of every issued document plus every evidence item; superseded versions and
renamed items are told in the notes. Pure: page counts come in from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zhifa.documents.facts import CaseFacts, cn_date
from zhifa.documents.kinds import KINDS, MAIN, SIDE
from zhifa.domain import events as ev
from zhifa.domain.archive_no import Retention

EVIDENCE_SECTION = 4  # 正卷: 证据材料 after the documents served (第七十八条第二款)


@dataclass
class Item:
    """One catalogue entry."""

    volume: str
    section: int
    seq: int  # the ledger record that issued the document or registered the evidence
    role: str  # document | evidence
    title: str
    docno: str
    responsible: str  # 责任者
    date: str
    files: list[str] = field(default_factory=list)  # SM3 of the files (document: DOCX [, PDF])
    pages: int = 1
    no: int = 0
    start_page: int = 0
    source: str = ""
    kind_title: str = ""

    @property
    def end_page(self) -> int:
        """Last page of the item in its volume."""
        return self.start_page + self.pages - 1

    def to_json(self) -> dict[str, Any]:
        """As in the manifest and the API."""
        return {
            "volume": self.volume,
            "section": self.section,
            "no": self.no,
            "seq": self.seq,
            "role": self.role,
            "title": self.title,
            "docno": self.docno,
            "responsible": self.responsible,
            "date": self.date,
            "source": self.source,
            "pages": self.pages,
            "start_page": self.start_page,
            "end_page": self.end_page,
            "files": self.files,
        }


@dataclass
class Dossier:
    """The catalogue plus what the cover and the notes say."""

    items: list[Item]
    superseded: list[dict[str, Any]]
    renamed: list[dict[str, Any]]
    cover: dict[str, Any]

    def pages(self, volume: str) -> int:
        """Pages of a volume."""
        return sum(i.pages for i in self.items if i.volume == volume)


def latest_documents(facts: CaseFacts) -> tuple[list[tuple[int, ev.DocumentIssued]], list[dict[str, Any]]]:
    """(the latest version of each kind, the superseded versions)."""
    latest: dict[tuple[str, int], tuple[int, ev.DocumentIssued]] = {}
    old = []
    for seq, e in facts.all(ev.DocumentIssued):
        key = (e.kind, e.source_seq)  # a per-record kind (笔录) has one latest version per record
        if key in latest:
            prev_seq, prev = latest[key]
            old.append(
                {
                    "seq": prev_seq,
                    "title": prev.title,
                    "version": prev.version,
                    "by_seq": seq,
                    "reason": e.reason,
                    "files": [x for x in (prev.sm3, prev.pdf_sm3) if x],
                }
            )
        latest[key] = (seq, e)
    return sorted(latest.values()), old


def build(facts: CaseFacts, page_count: dict[str, int], evidence_names: dict[str, str]) -> Dossier:
    """Order the items, number them per volume, and number the pages (第七十八条)."""
    items: list[Item] = []
    docs, superseded = latest_documents(facts)
    for seq, e in docs:
        kind = KINDS.get(e.kind)
        volume, section = (kind.volume, kind.section) if kind else (MAIN, 7)
        files = [x for x in (e.sm3, e.pdf_sm3) if x]
        pages = page_count.get(e.pdf_sm3, 1) if e.pdf_sm3 else 1
        items.append(
            Item(
                volume,
                section,
                seq,
                "document",
                e.title,
                e.docno,
                facts.agency_name,
                cn_date(e.on),
                files,
                pages,
                kind_title=kind.title if kind else "",
            )
        )
    for seq, e in facts.all(ev.EvidenceAdded):
        files = list(e.item.file_sm3)
        pages = sum(page_count.get(f, 1) for f in files) or 1
        names = "、".join(evidence_names.get(f, f[:12]) for f in files)
        items.append(
            Item(
                MAIN,
                EVIDENCE_SECTION,
                seq,
                "evidence",
                e.item.title,
                "",
                e.item.source or "办案人员",
                cn_date(e.collected_on),
                files,
                pages,
                source=names,
            )
        )
    renamed = []
    by_seq = {i.seq: i for i in items}
    for seq, r in facts.all(ev.DossierItemRenamed):
        item = by_seq.get(r.item_seq)
        if item is not None:
            item.title, item.source = r.new_title, r.new_source or item.source
        renamed.append(
            {
                "seq": seq,
                "item_seq": r.item_seq,
                "old_title": r.old_title,
                "new_title": r.new_title,
                "old_source": r.old_source,
                "new_source": r.new_source,
                "reason": r.reason,
                "by": facts.name(r.by),
                "on": cn_date(r.on),
            }
        )
    order = {MAIN: 0, SIDE: 1}
    rank = {k.title: n for n, k in enumerate(KINDS.values())}  # 决定书 before its 送达回证, and so on
    items.sort(key=lambda i: (order[i.volume], i.section, rank.get(i.kind_title, 0), i.seq))
    for volume in (MAIN, SIDE):
        page = 1
        for no, item in enumerate((i for i in items if i.volume == volume), 1):
            item.no, item.start_page = no, page
            page += item.pages
    return Dossier(items, superseded, renamed, _cover(facts))


def _cover(facts: CaseFacts) -> dict[str, Any]:
    c = facts.case
    base = facts.base()
    archived = facts.last(ev.CaseArchived)
    closed = facts.last(ev.CaseClosed)
    d = c.decision
    return {
        "agency": facts.agency_name,
        "case_title": base["case_title"],
        "party": base["party"]["name"],
        "decision_docno": d.docno if d else "",
        "outcome": d.outcome.label if d else "",
        "filed_on": base["filed_on"],
        "closed_on": cn_date(closed.on if closed else None),
        "archive_no": (archived.archive_no or archived.volume) if archived else "",
        "retention": Retention(archived.retention).label if archived and archived.retention else "",
        "archived_on": cn_date(archived.on if archived else None),
        "archivist": facts.name(archived.by) if archived else "",
        "handlers": base["handlers"],
    }


def sheet_fields(dossier: Dossier) -> dict[str, dict[str, Any]]:
    """Fields of the three generated sheets: 卷宗封面, 卷内文件目录, 卷内备考表."""
    cover = dossier.cover
    rows = [
        {**i.to_json(), "pages_text": f"{i.start_page}-{i.end_page}" if i.pages > 1 else str(i.start_page)}
        for i in dossier.items
    ]
    main, side = dossier.pages(MAIN), dossier.pages(SIDE)
    notes = [f"本卷共有文件材料{len(dossier.items)}件，共{main + side}页（正卷{main}页，副卷{side}页）。"]
    notes += [
        f"《{s['title']}》第{s['version']}版已被更正后的新版本替代（{s['reason']}），原版本随卷保存。"
        for s in dossier.superseded
    ]
    notes += [
        f"{r['on']}，{r['by']}将卷内文件“{r['old_title']}”更名为“{r['new_title']}”（{r['reason']}）。"
        for r in dossier.renamed
    ]
    common = {"agency": cover["agency"], "date": cover["archived_on"], "docno": cover["archive_no"]}
    return {
        "dossier_cover": {
            **common,
            **cover,
            "pages_main": main,
            "pages_side": side,
            "items": len(dossier.items),
        },
        "dossier_catalogue": {**common, "case_title": cover["case_title"], "rows": rows},
        "dossier_notes": {**common, "notes": notes, "archivist": cover["archivist"]},
    }

"""The precedent library list: full-text search (highlighted snippets) or browsing, filtered by violation
type, law, bureau and year, paged. Only masked fields of the library are ever read."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select

from zhifa.config import Settings
from zhifa.errors import ZhifaError
from zhifa.precedents.people import mask_people, named_people
from zhifa.precedents.search_index import shared_precedent_index
from zhifa.search.port import Filter
from zhifa.store.models.precedents import Precedent

MAX_HITS = 200  # full-text hits looked at (then filtered and paged)
SNIPPET_CHARS = 140
_LOCK = threading.Lock()
_LABELS: list[tuple[Any, dict[str, str], dict[str, str]]] = []


@dataclass(frozen=True)
class PrecedentQuery:
    """The search form."""

    q: str = ""
    type: str = ""
    law: str = ""
    bureau: str = ""
    year: int | None = None


def type_labels(settings: Settings, engine: Engine) -> tuple[dict[str, str], dict[str, str]]:
    """(docid → violation type id, type id → name): the stored type, else the assistant's training label."""
    from zhifa.assistant.pipeline_service import get_assistant

    by_doc: dict[str, str] = {}
    names: dict[str, str] = {}
    try:
        assistant, _ = get_assistant(settings, engine)
    except ZhifaError:
        return by_doc, names
    with _LOCK:
        if _LABELS and _LABELS[0][0] is assistant.model:
            return _LABELS[0][1], _LABELS[0][2]
    for meta in assistant.model.index.metas:
        if meta.type_id:
            by_doc[meta.docid] = meta.type_id
    for type_id in set(by_doc.values()):
        entry = assistant.catalog.entries.get(type_id)
        names[type_id] = entry.name if entry else type_id
    with _LOCK:
        _LABELS[:] = [(assistant.model, by_doc, names)]  # one model at a time (retraining replaces it)
    return by_doc, names


def _cites(refs: Any, law: str) -> bool:
    return any(law in str(r.get("label", "")) or law in str(r.get("law_title") or "") for r in refs or [])


def _row_item(row: Any) -> dict[str, Any]:
    return {
        "docid": row.docid, "docno": row.docno, "bureau": row.bureau,
        "decision_date": row.decision_date.isoformat() if row.decision_date else None,
        "party_kind": row.party_kind, "party_name": row.party_name_masked,
        "violated": [r.get("label") for r in row.violated or []],
        "basis": [r.get("label") for r in row.basis or []],
        "fine": str(row.fine) if row.fine is not None else None,
        "snippet": (row.facts or "")[:SNIPPET_CHARS] + ("…" if len(row.facts or "") > SNIPPET_CHARS else ""),
    }  # fmt: skip


def _browse(engine: Engine, query: PrecedentQuery, docids: set[str] | None) -> list[dict[str, Any]]:
    cols = (Precedent.docid, Precedent.docno, Precedent.bureau, Precedent.decision_date, Precedent.party_kind,
            Precedent.party_name_masked, Precedent.violated, Precedent.basis, Precedent.fine,
            func.substr(Precedent.facts, 1, SNIPPET_CHARS + 1).label("facts"))  # fmt: skip
    stmt = select(*cols).order_by(Precedent.decision_date.desc().nulls_last(), Precedent.docid)
    if query.bureau:
        stmt = stmt.where(Precedent.bureau.contains(query.bureau, autoescape=True))
    if query.year:
        stmt = stmt.where(Precedent.decision_date.between(date(query.year, 1, 1), date(query.year, 12, 31)))
    if docids is not None:
        stmt = stmt.where(Precedent.docid.in_(sorted(docids)))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    if query.law:
        rows = [r for r in rows if _cites(r.violated, query.law) or _cites(r.basis, query.law)]
    return [_row_item(r) for r in rows]


def _hits(settings: Settings, query: PrecedentQuery) -> list[dict[str, Any]]:
    filters = []
    if query.year:
        filters += [Filter("decision_date", "ge", f"{query.year}-01-01"),
                    Filter("decision_date", "le", f"{query.year}-12-31")]  # fmt: skip
    out = []
    for hit in shared_precedent_index(settings).search(query.q, filters, MAX_HITS):
        fields = dict(hit.fields)
        if query.bureau and query.bureau not in str(fields.get("bureau") or ""):
            continue
        if query.law and query.law not in f"{fields.get('violated') or ''}；{fields.get('basis') or ''}":
            continue
        out.append({"docid": hit.id, "snippet": hit.snippet, **fields,
                    "violated": [s for s in str(fields.get("violated") or "").split("；") if s],
                    "basis": [s for s in str(fields.get("basis") or "").split("；") if s]})  # fmt: skip
    return out


def search_precedents(
    settings: Settings, engine: Engine, query: PrecedentQuery
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Matching precedents (all of them, to be paged by the caller) and the names of the types present."""
    by_doc, names = type_labels(settings, engine)
    wanted = {d for d, t in by_doc.items() if t == query.type} if query.type else None
    if query.q.strip():
        items = [h for h in _hits(settings, query) if wanted is None or h["docid"] in wanted]
    else:
        items = _browse(engine, query, wanted)
    for item in items:
        item["type_id"] = by_doc.get(item["docid"]) or item.get("violation_type")
        snippet = str(item.get("snippet") or "")
        item["snippet"] = mask_people(snippet, named_people([snippet.replace("【", "").replace("】", "")]))
    return items, names

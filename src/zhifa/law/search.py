"""The law index on the search port: documents per article, filters for law, level, in force, as-of date."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select

from zhifa.law.versions import DUPLICATE, IN_FORCE
from zhifa.law.writer import doc_id
from zhifa.search.port import Filter, Hit, IndexSchema, SearchDoc, SearchIndex
from zhifa.store.models.law import Law, LawArticle, LawVersion

if TYPE_CHECKING:
    from zhifa.config import Settings
    from zhifa.law.library import LawLibrary
    from zhifa.law.pending import Pending

LAW_SCHEMA = IndexSchema(
    "laws",
    {
        "law_id": "int",
        "law_key": "text",
        "title": "text",
        "level": "text",
        "version_id": "int",
        "number": "int",
        "label": "text",
        "valid_from": "text",
        "valid_to": "text",
        "status": "text",
        "in_force": "int",
        "current": "int",
    },
)


# National texts first when scores are close: officers apply laws, regulations and SAMR rules.
LEVEL_WEIGHT = {
    "法律": 1.3,
    "行政法规": 1.2,
    "部门规章": 1.2,
    "司法解释": 1.0,
    "地方性法规": 0.85,
    "宪法": 1.0,
}


def open_law_index(settings: Settings) -> SearchIndex:
    """The on-disk law index (var/search/laws.db)."""
    from zhifa.search.sqlite_fts import SqliteFtsIndex

    return SqliteFtsIndex(settings.search_dir / "laws.db", LAW_SCHEMA)


def _version_fields(engine: Engine, ids: set[int] | None) -> dict[int, dict[str, Any]]:
    q = select(
        LawVersion.id,
        LawVersion.law_id,
        Law.key,
        LawVersion.title,
        LawVersion.level,
        LawVersion.effective_from,
        LawVersion.effective_to,
        LawVersion.status,
        LawVersion.is_current,
    ).join(Law, Law.id == LawVersion.law_id)
    out: dict[int, dict[str, Any]] = {}
    with engine.connect() as conn:
        for r in conn.execute(q):
            if ids is not None and r.id not in ids:
                continue
            out[r.id] = {
                "law_id": r.law_id,
                "law_key": r.key,
                "title": r.title,
                "level": r.level,
                "version_id": r.id,
                "valid_from": r.effective_from.isoformat() if r.effective_from else None,
                "valid_to": r.effective_to.isoformat() if r.effective_to else None,
                "status": r.status,
                "in_force": int(r.status == IN_FORCE),
                "current": int(bool(r.is_current)),
            }
    return out


def _docs_from_db(engine: Engine, fields: dict[int, dict[str, Any]]) -> Iterator[SearchDoc]:
    ids = sorted(fields)
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        q = select(
            LawArticle.version_id, LawArticle.seq, LawArticle.number, LawArticle.label, LawArticle.text
        )
        with engine.connect() as conn:
            rows = conn.execute(q.where(LawArticle.version_id.in_(chunk))).all()
        for vid, seq, number, label, text in rows:
            yield SearchDoc(doc_id(vid, seq), text, {**fields[vid], "number": number, "label": label})


def index_versions(
    engine: Engine,
    index: SearchIndex,
    changed: dict[int, Pending],
    refields: set[int],
    *,
    full: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Index the articles of changed versions; update fields of re-settled ones (everything when full)."""
    wanted = None if full else set(changed) | refields
    fields = _version_fields(engine, wanted)
    tick = progress or (lambda _s, _d, _t: None)
    total, tokenized = len(fields), 0
    from_parse = {vid: p for vid, p in changed.items() if vid in fields}
    docs: list[SearchDoc] = []
    for done, (vid, pending) in enumerate(from_parse.items(), 1):
        for art in pending.parsed.articles:
            docs.append(
                SearchDoc(
                    doc_id(vid, art.seq), art.text, {**fields[vid], "number": art.number, "label": art.label}
                )
            )
        if len(docs) >= 5000:
            tokenized += index.index(docs)
            docs = []
            tick("索引", done, total)
    rest = {vid: f for vid, f in fields.items() if vid not in from_parse}
    for doc in _docs_from_db(engine, rest):
        docs.append(doc)
        if len(docs) >= 5000:
            tokenized += index.index(docs)
            docs = []
    tokenized += index.index(docs)
    tick("索引", total, total)
    return tokenized


@dataclass(frozen=True)
class LawFilters:
    """What officers filter on: a law (title or alias), a level, in force only, as of a date."""

    law: str | None = None
    level: str | None = None
    in_force: bool | None = None
    as_of: date | None = None


def build_filters(flt: LawFilters, library: LawLibrary | None) -> list[Filter] | None:
    """Port filters for a law search; None when the law named is unknown (no results)."""
    out: list[Filter] = []
    if flt.law:
        laws = library.find_laws(flt.law) if library is not None else []
        if not laws:
            return None
        out.append(Filter("law_id", "in", tuple(info.id for info in laws)))
    if flt.level:
        out.append(Filter("level", "eq", flt.level))
    if flt.as_of is not None:
        day = flt.as_of.isoformat()
        out += [
            Filter("valid_from", "le", day, or_null=True),
            Filter("valid_to", "gt", day, or_null=True),
            Filter("status", "ne", DUPLICATE),
        ]
        if flt.in_force:
            out.append(Filter("status", "ne", "已废止"))
    else:
        out.append(Filter("current", "eq", 1))
        if flt.in_force:
            out.append(Filter("in_force", "eq", 1))
    return out


def search_laws(
    index: SearchIndex, query: str, flt: LawFilters, library: LawLibrary | None, limit: int = 10
) -> list[Hit]:
    """Search articles; the default scope is each law's current version."""
    filters = build_filters(flt, library)
    if filters is None or not query.strip():
        return []
    hits = index.search(query, filters, limit * 3)
    ranked = sorted(hits, key=lambda h: -h.score * LEVEL_WEIGHT.get(str(h.fields.get("level")), 0.8))
    return ranked[:limit]

"""Use cases of the law library shared by the CLI and the API: import, cite, search, show, list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from zhifa.config import Settings
from zhifa.errors import LibraryEmpty, NotFound, ValidationFailed
from zhifa.law.cite import Resolution, cite
from zhifa.law.importer import ImportReport, Progress, import_laws
from zhifa.law.library import LawInfo, LawLibrary, Provision, VersionInfo
from zhifa.law.numbers import article_label
from zhifa.law.search import LawFilters, open_law_index, search_laws
from zhifa.law.versions import DUPLICATE
from zhifa.search.port import Hit, SearchIndex
from zhifa.store.models.law import LawVersion

MAX_TEXT = 10_000
_INDEXES: dict[str, SearchIndex] = {}


def law_index(settings: Settings) -> SearchIndex:
    """The process-wide law search index of these settings."""
    key = str(settings.search_dir)
    if key not in _INDEXES:
        _INDEXES[key] = open_law_index(settings)
    return _INDEXES[key]


def library(engine: Engine) -> LawLibrary:
    """The in-memory law library of this database (loaded once per process)."""
    return LawLibrary.cached(engine)


def empty_notice(engine: Engine) -> str | None:
    """The Chinese notice that the law library is empty and how to fill it; None when it holds a law."""
    with engine.connect() as conn:
        if conn.execute(select(LawVersion.id).limit(1)).first() is not None:
            return None
    return LibraryEmpty.of("法律库", "law_library_empty").message


def require_library(engine: Engine) -> LawLibrary:
    """The law library; LibraryEmpty (naming how to fill it) when nothing was imported."""
    if empty_notice(engine) is not None:
        raise LibraryEmpty.of("法律库", "law_library_empty")
    return library(engine)


def run_import(
    engine: Engine, settings: Settings, path: Path | None, progress: Progress | None = None
) -> ImportReport:
    """Import the law files under path (default: <data_dir>/laws) and update the search index."""
    report = import_laws(
        engine, path or settings.data_dir / "laws", index=law_index(settings), progress=progress
    )
    LawLibrary.invalidate()
    return report


def _version_json(v: VersionInfo) -> dict[str, Any]:
    return {
        "id": v.id,
        "title": v.title,
        "version_date": v.version_date.isoformat() if v.version_date else None,
        "effective_from": v.effective_from.isoformat() if v.effective_from else None,
        "effective_to": v.effective_to.isoformat() if v.effective_to else None,
        "status": v.status,
        "current": v.is_current,
        "articles": len(v.articles),
    }


def provision_json(lib: LawLibrary, prov: Provision, with_text: bool = True) -> dict[str, Any]:
    """A resolved provision as JSON (with its exact text)."""
    out: dict[str, Any] = {
        "law_id": prov.law_id,
        "law": prov.law_title,
        "version_id": prov.version_id,
        "version_date": prov.version_date.isoformat() if prov.version_date else None,
        "article": prov.article,
        "suffix": prov.suffix,
        "paragraph": prov.paragraph,
        "item": prov.item,
        "label": prov.label,
    }
    if with_text:
        out["text"] = lib.text(prov)
    return out


def resolution_json(lib: LawLibrary, res: Resolution, with_text: bool = True) -> dict[str, Any]:
    """One citation and its resolution (or 'not found' with candidates) as JSON."""
    ref = res.ref
    out: dict[str, Any] = {
        "raw": ref.raw,
        "start": ref.start,
        "end": ref.end,
        "law_written": ref.law,
        "article": ref.article,
        "suffix": ref.suffix,
        "paragraph": ref.paragraph,
        "item": ref.item,
        "status": res.code,
    }
    if res.provision is not None:
        out["resolved"] = provision_json(lib, res.provision, with_text)
    else:
        out["message"] = res.message
        out["candidates"] = list(res.candidates)
    return out


def cite_text(
    lib: LawLibrary,
    text: str,
    *,
    context_law: str | None = None,
    as_of: date | None = None,
    with_text: bool = True,
) -> list[dict[str, Any]]:
    """Find and resolve the citations in text (at most 10,000 characters)."""
    if len(text) > MAX_TEXT:
        raise ValidationFailed(
            f"文本过长：最多 {MAX_TEXT} 字", code="text_too_long", details={"length": len(text)}
        )
    return [resolution_json(lib, r, with_text) for r in cite(text, lib, context_law=context_law, as_of=as_of)]


def citation_target(lib: LawLibrary, query: str, as_of: date | None = None) -> Provision | None:
    """The provision a search box query names when it is one citation and nothing else ("价格法第十三条",
    "《中华人民共和国价格法》第十三条第一款"); None for ordinary search words or an unknown article."""
    text = "".join(query.split())  # law names hold no spaces: "价格法 第十三条" is the same citation
    if not text or len(text) > 100:
        return None
    found = cite(text, lib, as_of=as_of)
    if len(found) != 1 or not found[0].ok:
        return None
    ref = found[0].ref
    rest = (text[: ref.start] + text[ref.end :]).strip(" \u3000《》")
    return found[0].provision if not rest else None


def hit_json(hit: Hit) -> dict[str, Any]:
    """A search hit as JSON; `snippet` marks matched terms with 【】 (escape it before putting it in HTML)."""
    f = hit.fields
    return {
        "law_id": f.get("law_id"),
        "law": f.get("title"),
        "version_id": f.get("version_id"),
        "article": f.get("number"),
        "label": f.get("label"),
        "status": f.get("status"),
        "valid_from": f.get("valid_from"),
        "valid_to": f.get("valid_to"),
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
    }


def search(
    engine: Engine, settings: Settings, query: str, flt: LawFilters, limit: int = 10
) -> list[dict[str, Any]]:
    """Full-text search over articles (empty query → no hits; long queries are cut)."""
    if not 1 <= limit <= 100:
        raise ValidationFailed("limit 必须在 1 到 100 之间", code="bad_limit")
    lib = library(engine) if flt.law else None
    return [hit_json(h) for h in search_laws(law_index(settings), query, flt, lib, limit)]


def show_article(
    lib: LawLibrary,
    law: str | int,
    article: int,
    *,
    suffix: int = 0,
    paragraph: int | None = None,
    item: int | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """One article (or 款/项) with its text, from the version in force on as_of (default: current)."""
    return provision_json(lib, lib.resolve(law, article, paragraph, item, suffix=suffix, as_of=as_of))


def distinct_versions(info: LawInfo) -> list[VersionInfo]:
    """A law's versions, each once: a text present in two sources (status 重复) is not shown twice."""
    return [v for v in info.versions if v.status != DUPLICATE]


def list_laws(
    lib: LawLibrary, q: str | None = None, level: str | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Laws sorted by title, filtered by a title fragment and a level."""
    rows = sorted(lib.laws.values(), key=lambda i: (i.title, i.key))
    if level:
        rows = [r for r in rows if r.level == level]
    if q:
        rows = [r for r in rows if q in r.title or q in r.key]
    out = []
    for info in rows[offset : offset + limit]:
        cur = info.version_on(None)
        out.append(
            {
                "id": info.id,
                "key": info.key,
                "title": info.title,
                "level": info.level,
                "versions": len(distinct_versions(info)),
                "current": _version_json(cur) if cur else None,
            }
        )
    return out


def law_versions(lib: LawLibrary, law_id: int) -> list[dict[str, Any]]:
    """Every version of a law, oldest first."""
    info = lib.laws.get(law_id)
    if info is None:
        raise NotFound(f"未找到法律 {law_id}", code="law_not_found")
    return [_version_json(v) for v in info.versions]


__all__ = ["article_label"]

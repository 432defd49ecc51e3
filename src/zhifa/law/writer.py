"""Bulk writes of parsed law versions (Core inserts, lists of dicts) and the settling of versions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from zhifa.law.names import aliases_for, law_key, short_name
from zhifa.law.versions import IN_FORCE, VersionRow, settle
from zhifa.store.models.law import Law, LawAlias, LawArticle, LawChapter, LawItem, LawParagraph, LawVersion

if TYPE_CHECKING:
    from zhifa.law.pending import Pending

CHILDREN = (LawItem, LawParagraph, LawArticle, LawChapter)


def doc_id(version_id: int, seq: int) -> str:
    """Search document id of an article."""
    return f"{version_id}:{seq}"


def _law_ids(conn: Connection, batch: Sequence[Pending]) -> list[int]:
    keys = [law_key(p.parsed.title, p.parsed.subtitle) for p in batch]
    found = dict(conn.execute(select(Law.key, Law.id).where(Law.key.in_(set(keys)))).all())
    missing: dict[str, dict[str, Any]] = {}
    for key, p in zip(keys, batch, strict=True):
        if key not in found and key not in missing:
            missing[key] = {
                "key": key,
                "title": p.parsed.title[:255],
                "short_name": short_name(p.parsed.title)[:255],
                "level": (p.file.meta.level or "其他")[:20],
                "category": (p.file.meta.category or "")[:100],
            }
    if missing:
        conn.execute(insert(Law), list(missing.values()))
        found.update(conn.execute(select(Law.key, Law.id).where(Law.key.in_(list(missing)))).all())
    ids = [found[k] for k in keys]
    wanted = {
        (a[:255], lid)
        for p, lid in zip(batch, ids, strict=True)
        for a in aliases_for(p.parsed.title, p.parsed.subtitle)
    }
    have = set(
        conn.execute(select(LawAlias.alias, LawAlias.law_id).where(LawAlias.law_id.in_(set(ids)))).all()
    )
    new = [{"alias": a, "law_id": lid} for a, lid in sorted(wanted - have)]
    if new:
        conn.execute(insert(LawAlias), new)
    return ids


def _version_row(p: Pending, law_id: int, stamp: datetime) -> dict[str, Any]:
    return {
        "law_id": law_id,
        "path": p.file.rel,
        "source": p.file.source,
        "content_hash": p.digest,
        "title": p.parsed.title[:255],
        "subtitle": p.parsed.subtitle[:100] if p.parsed.subtitle else None,
        "level": (p.file.meta.level or "其他")[:20],
        "category": (p.file.meta.category or "")[:100],
        "version_date": p.version_date,
        "effective_from": p.effective_from,
        "effective_to": None,
        "status": IN_FORCE,
        "expired": p.file.meta.expired,
        "is_current": False,
        "article_count": p.parsed.article_count,
        "header": "\n".join(p.parsed.header),
        "imported_at": stamp,
    }


def write_batch(conn: Connection, batch: Sequence[Pending], stamp: datetime) -> tuple[list[int], list[str]]:
    """Write one batch of changed files; return their version ids and the doc ids of replaced articles."""
    law_ids = _law_ids(conn, batch)
    paths = [p.file.rel for p in batch]
    existing = dict(
        conn.execute(select(LawVersion.path, LawVersion.id).where(LawVersion.path.in_(paths))).all()
    )
    stale: list[str] = []
    if existing:
        old_ids = list(existing.values())
        rows = conn.execute(
            select(LawArticle.version_id, LawArticle.seq).where(LawArticle.version_id.in_(old_ids))
        )
        stale = [doc_id(v, s) for v, s in rows]
        for table in CHILDREN:
            conn.execute(delete(table).where(table.version_id.in_(old_ids)))
    rows_new = [
        _version_row(p, lid, stamp)
        for p, lid in zip(batch, law_ids, strict=True)
        if p.file.rel not in existing
    ]
    new_ids: list[int] = []
    if rows_new:
        result = conn.execute(
            insert(LawVersion).returning(LawVersion.id, sort_by_parameter_order=True), rows_new
        )
        new_ids = [r[0] for r in result]
    by_path = dict(zip([r["path"] for r in rows_new], new_ids, strict=True))
    for p, lid in zip(batch, law_ids, strict=True):
        if p.file.rel in existing:
            values = _version_row(p, lid, stamp)
            conn.execute(update(LawVersion).where(LawVersion.id == existing[p.file.rel]).values(**values))
    ids = [existing.get(p.file.rel) or by_path[p.file.rel] for p in batch]
    _write_children(conn, batch, ids)
    return ids, stale


def _write_children(conn: Connection, batch: Sequence[Pending], ids: list[int]) -> None:
    chapters: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []
    paragraphs: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for p, vid in zip(batch, ids, strict=True):
        chapters.extend(
            {"version_id": vid, "seq": c.seq, "depth": c.depth, "title": c.title[:255]}
            for c in p.parsed.chapters
        )
        for a in p.parsed.articles:
            articles.append(
                {
                    "version_id": vid,
                    "seq": a.seq,
                    "number": a.number,
                    "suffix": a.suffix,
                    "label": a.label,
                    "chapter_seq": a.chapter,
                    "text": a.text,
                }
            )
            for para in a.paragraphs:
                paragraphs.append(
                    {"version_id": vid, "article_seq": a.seq, "number": para.number, "text": para.text}
                )
                items.extend(
                    {
                        "version_id": vid,
                        "article_seq": a.seq,
                        "paragraph_no": para.number,
                        "number": i.number,
                        "text": i.text,
                    }
                    for i in _unique_items(para.items)
                )
    for table, rows in (
        (LawChapter, chapters),
        (LawArticle, articles),
        (LawParagraph, paragraphs),
        (LawItem, items),
    ):
        for start in range(0, len(rows), 5000):
            conn.execute(insert(table), rows[start : start + 5000])


def _unique_items(items: list[Any]) -> list[Any]:
    """Items keyed by number: a repeated number (a typo in the source) keeps the first occurrence."""
    seen: set[int] = set()
    out = []
    for item in items:
        if item.number not in seen:
            seen.add(item.number)
            out.append(item)
    return out


def settle_all(conn: Connection, _changed_paths: set[str], today: date) -> set[int]:
    """Recompute effective_to/status/is_current of every law's versions; return version ids that changed."""
    cols = (
        LawVersion.id,
        LawVersion.law_id,
        LawVersion.source,
        LawVersion.path,
        LawVersion.version_date,
        LawVersion.effective_from,
        LawVersion.expired,
        LawVersion.effective_to,
        LawVersion.status,
        LawVersion.is_current,
        LawVersion.title,
    )
    by_law: dict[int, list[VersionRow]] = defaultdict(list)
    before: dict[int, tuple[Any, ...]] = {}
    titles: dict[int, str] = {}
    for r in conn.execute(select(*cols)):
        by_law[r.law_id].append(
            VersionRow(r.id, r.source, r.path, r.version_date, r.effective_from, r.expired)
        )
        before[r.id] = (r.effective_to, r.status, r.is_current)
        titles[r.id] = r.title
    changes: list[dict[str, Any]] = []
    law_titles: list[dict[str, Any]] = []
    for law_id, versions in by_law.items():
        for v in settle(versions, today):
            if before[v.id] != (v.effective_to, v.status, v.is_current):
                changes.append(
                    {"vid": v.id, "b_to": v.effective_to, "b_status": v.status, "b_current": v.is_current}
                )
            if v.is_current:
                law_titles.append({"lid": law_id, "b_title": titles[v.id]})
    if changes:
        stmt = (
            update(LawVersion)
            .where(LawVersion.id == bindparam("vid"))
            .values(
                effective_to=bindparam("b_to"),
                status=bindparam("b_status"),
                is_current=bindparam("b_current"),
            )
        )
        conn.execute(stmt.execution_options(synchronize_session=False), changes)
    if law_titles:
        stmt_t = update(Law).where(Law.id == bindparam("lid")).values(title=bindparam("b_title"))
        conn.execute(stmt_t.execution_options(synchronize_session=False), law_titles)
    return {c["vid"] for c in changes}

"""Precedent search: full-text on the search port (facts and analysis, filters) and vector similarity.

The full-text index is `var/search/precedents.db` (SQLite FTS5 behind `SearchIndex`); "similar cases"
use TF-IDF character n-grams over the stored facts, built in memory once per process and database.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select

from zhifa.precedents.similarity import library_index
from zhifa.search.port import Filter, IndexSchema, SearchDoc, SearchIndex
from zhifa.store.models.precedents import Precedent

if TYPE_CHECKING:
    from zhifa.config import Settings

PRECEDENT_SCHEMA = IndexSchema(
    "precedents",
    {
        "docno": "text", "bureau": "text", "decision_date": "text", "party_kind": "text",
        "violated": "text", "basis": "text", "violation_type": "text", "complete": "int", "fine": "real",
    },
)  # fmt: skip
MAX_FEATURES = 300_000  # bounds memory when the library grows (100,000 precedents)
_LOCK = threading.Lock()
_SIMILAR: dict[str, SimilarityIndex] = {}
_FULLTEXT: dict[str, SearchIndex] = {}


def open_precedent_index(settings: Settings) -> SearchIndex:
    """The on-disk precedent full-text index (var/search/precedents.db)."""
    from zhifa.search.sqlite_fts import SqliteFtsIndex

    return SqliteFtsIndex(settings.search_dir / "precedents.db", PRECEDENT_SCHEMA)


def shared_precedent_index(settings: Settings) -> SearchIndex:
    """The process-wide full-text index of a search directory (opened on first use)."""
    key = str(settings.search_dir)
    with _LOCK:
        if key not in _FULLTEXT:
            _FULLTEXT[key] = open_precedent_index(settings)
        return _FULLTEXT[key]


def _labels(refs: list[dict[str, Any]]) -> str:
    return "；".join(str(r.get("label", "")) for r in refs)


def _doc(row: Precedent) -> SearchDoc:
    return SearchDoc(
        row.docid,
        f"{row.facts}\n{row.analysis}",
        {
            "docno": row.docno, "bureau": row.bureau,
            "decision_date": row.decision_date.isoformat() if row.decision_date else None,
            "party_kind": row.party_kind, "violated": _labels(row.violated), "basis": _labels(row.basis),
            "violation_type": row.violation_type, "complete": int(row.complete),
            "fine": float(row.fine) if row.fine is not None else None,
        },
    )  # fmt: skip


def _rows(engine: Engine, docids: Sequence[str] | None) -> Iterator[Precedent]:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        q = select(Precedent).order_by(Precedent.id)
        if docids is not None:
            for start in range(0, len(docids), 500):
                yield from session.scalars(q.where(Precedent.docid.in_(docids[start : start + 500])))
        else:
            yield from session.scalars(q)


def index_precedents(engine: Engine, index: SearchIndex, docids: Sequence[str] | None = None) -> int:
    """(Re)index precedents' facts and analysis on the search port; forget the in-memory vectors."""
    count = index.index(_doc(row) for row in _rows(engine, docids))
    invalidate_similarity()
    return count


def check_query(text: str) -> str:
    """Reject an empty, oversized or non-Chinese "similar cases" text with a clear Chinese message."""
    from zhifa.errors import ValidationFailed
    from zhifa.precedents.extract import MAX_TEXT_CHARS

    if not text.strip():
        raise ValidationFailed("案情事实为空", code="empty_document")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationFailed(f"文字过长（{len(text)} 字，上限 {MAX_TEXT_CHARS} 字）", code="too_large")
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < 4:
        raise ValidationFailed("文字中没有足够的中文内容，无法比对相似案例", code="no_chinese_text")
    return text


def search_text(index: SearchIndex, query: str, filters: Sequence[Filter] = (), limit: int = 10) -> list[Any]:
    """Full-text search with filters (the port's hits)."""
    return index.search(query, filters, limit)


@dataclass(frozen=True)
class SimilarHit:
    """A similar precedent: docid and cosine similarity of the facts."""

    docid: str
    similarity: float


class SimilarityIndex:
    """TF-IDF character 1–3-grams over the stored facts (sublinear tf), cosine similarity."""

    def __init__(self, docids: Sequence[str], facts: Sequence[str]) -> None:
        self.vectors = library_index(len(docids), MAX_FEATURES)
        if docids:
            self.vectors.fit(docids, facts)

    @classmethod
    def from_db(cls, engine: Engine) -> SimilarityIndex:
        """Build from every stored precedent with facts."""
        with engine.connect() as conn:
            rows = conn.execute(select(Precedent.docid, Precedent.facts).where(Precedent.facts != "")).all()
        return cls([r[0] for r in rows], [r[1] for r in rows])

    def similar(self, text: str, k: int = 10, exclude: str | None = None) -> list[SimilarHit]:
        """The k precedents whose facts are closest to text."""
        hits = self.vectors.query(text, k + (1 if exclude else 0))
        return [SimilarHit(h.id, round(h.score, 4)) for h in hits if h.id != exclude][:k]


def similarity_index(engine: Engine) -> SimilarityIndex:
    """The process-wide similarity index of a database (built on first use)."""
    key = engine.url.render_as_string(hide_password=False)
    with _LOCK:
        if key not in _SIMILAR:
            _SIMILAR[key] = SimilarityIndex.from_db(engine)
        return _SIMILAR[key]


def invalidate_similarity() -> None:
    """Forget built similarity indexes (after an import)."""
    with _LOCK:
        _SIMILAR.clear()

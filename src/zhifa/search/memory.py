"""In-memory backend of the search port (reference semantics; used by the contract tests)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from zhifa.search.port import Filter, Hit, IndexSchema, SearchDoc, check_filters, passes
from zhifa.search.snippets import make_snippet
from zhifa.search.tokenize import index_tokens, query_terms


class MemoryIndex:
    """Documents in a dict, tokens counted per document, bm25 ranking; nothing persists."""

    def __init__(self, schema: IndexSchema) -> None:
        self.schema = schema
        self._docs: dict[str, SearchDoc] = {}
        self._tokens: dict[str, Counter[str]] = {}

    def index(self, docs: Iterable[SearchDoc]) -> int:
        """Add or replace documents by id."""
        count = 0
        for doc in docs:
            old = self._docs.get(doc.id)
            self._docs[doc.id] = doc
            if old is None or old.text != doc.text:
                self._tokens[doc.id] = Counter(index_tokens(doc.text))
                count += 1
        return count

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id."""
        found = 0
        for doc_id in ids:
            if self._docs.pop(doc_id, None) is not None:
                self._tokens.pop(doc_id, None)
                found += 1
        return found

    def count(self) -> int:
        """Number of documents."""
        return len(self._docs)

    def search(self, query: str, filters: Sequence[Filter] = (), limit: int = 10) -> list[Hit]:
        """All terms must match (any term as a fallback); bm25 (k1 1.2, b 0.75) order."""
        check_filters(self.schema, filters)
        terms = query_terms(query)
        if not terms or limit <= 0:
            return []
        pool = [d for d in self._docs.values() if all(passes(d.fields, f) for f in filters)]
        hits = self._rank(pool, terms, all, limit) or self._rank(pool, terms, any, limit)
        return hits

    def _rank(self, pool: list[SearchDoc], terms: list[str], mode: object, limit: int) -> list[Hit]:
        n = max(len(self._docs), 1)
        avg = sum(sum(c.values()) for c in self._tokens.values()) / n or 1.0
        df = {t: sum(1 for c in self._tokens.values() if t in c) for t in terms}
        scored: list[tuple[float, SearchDoc]] = []
        for doc in pool:
            counts = self._tokens[doc.id]
            if not mode(t in counts for t in terms):  # type: ignore[operator]
                continue
            length = sum(counts.values())
            score = 0.0
            for t in terms:
                tf = counts.get(t, 0)
                idf = math.log((n - df[t] + 0.5) / (df[t] + 0.5) + 1)
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / avg))
            scored.append((score, doc))
        scored.sort(key=lambda p: (-p[0], p[1].id))
        return [Hit(d.id, s, make_snippet(d.text, terms), dict(d.fields)) for s, d in scored[:limit]]

"""Precedent retrieval for the assistant: same violation type first, then text similarity; why similar.

Each precedent carries its penalty and where its fine sits in its statutory range (0 = minimum,
1 = maximum), computed once when the index is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from scipy import sparse

from zhifa.assistant.provisions import ProvisionItem
from zhifa.precedents.record import Provision
from zhifa.precedents.similarity import BigramIndex

TYPE_WEIGHT = 1.0
SIM_WEIGHT = 0.6
PROVISION_WEIGHT = 0.5
KEY_TERMS_HEAD = 40  # shared n-grams ordered first when looking for a precedent's key terms


@dataclass(frozen=True)
class PrecedentMeta:
    """What the index keeps of one decision (masked record fields only)."""

    docid: str
    docno: str | None
    bureau: str | None
    decision_date: date | None
    type_id: str | None
    fine: Decimal | None
    amounts: dict[str, Decimal]
    party_type: str | None
    violated: tuple[str, ...]
    basis: tuple[str, ...]
    violated_keys: frozenset[Provision]
    basis_keys: frozenset[Provision]
    penalties: tuple[str, ...]
    statutory_range: tuple[Decimal | None, Decimal | None] | None = None
    position: float | None = None
    tier: str | None = None


@dataclass
class Hit:
    """A retrieved precedent with its score, similarity and reasons."""

    meta: PrecedentMeta
    score: float
    similarity: float
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (schema: docs/assistant-schema.md)."""
        m = self.meta
        rng = m.statutory_range
        return {
            "docid": m.docid,
            "docno": m.docno,
            "bureau": m.bureau,
            "date": m.decision_date.isoformat() if m.decision_date else None,
            "violation_type": m.type_id,
            "similarity": round(self.similarity, 4),
            "score": round(self.score, 4),
            "violated": list(m.violated),
            "basis": list(m.basis),
            "penalties": list(m.penalties),
            "fine": str(m.fine) if m.fine is not None else None,
            "statutory_range": [None if v is None else str(v) for v in rng] if rng else None,
            "position_in_range": None if m.position is None else round(m.position, 3),
            "tier": m.tier,
            "why_similar": self.reasons,
        }


def _key_terms(
    query: np.ndarray, doc: tuple[np.ndarray, np.ndarray], names: np.ndarray, k: int = 5
) -> list[str]:
    """Shared n-grams (two characters or more) weighted by both documents' TF-IDF, longest first.
    `query`: the query's row as a dense array; `doc`: the precedent's row as (indices, data) views of the
    matrix — no sparse row object and no sort of the whole row per precedent."""
    doc_indices, doc_data = doc
    weight = np.minimum(query[doc_indices], doc_data)
    shared = np.flatnonzero(weight > 0)
    if not shared.size:
        return []
    weight = weight[shared]
    out: list[str] = []
    head = min(shared.size, KEY_TERMS_HEAD)
    while True:  # the best few first (most answers need no more), the whole row only when they fall short
        if head < shared.size:  # every n-gram weighing as much as the head's lightest (ties kept whole)
            top = np.flatnonzero(weight >= weight[np.argpartition(-weight, head - 1)[head - 1]])
        else:
            top = np.arange(shared.size)
        top = top[np.lexsort((doc_indices[shared[top]], -weight[top]))]
        out = []
        for j in top:
            term = str(names[doc_indices[shared[j]]])
            if len(term) < 2 or " " in term or any(term in o or o in term for o in out):
                continue
            out.append(term)
            if len(out) == k:
                return out
        if head >= shared.size:
            return out
        head = shared.size


def as_words(terms: Sequence[str], text: str, k: int = 5) -> list[str]:
    """Shared character n-grams ("保质", "质期的", "有限公") read as the words of the precedent's text that
    hold them ("保质期", "有限公司"), in the n-grams' order; an n-gram inside no word of two or more
    characters is dropped rather than shown as a fragment."""
    from zhifa.search.tokenize import STOPWORDS, cut

    words = [w for w in dict.fromkeys(cut(text)) if len(w) > 1 and w not in STOPWORDS and not w.isdigit()]
    out: list[str] = []
    for term in terms:
        word = next((w for w in words if term in w), None) or next((w for w in words if w in term), None)
        if word is not None and word not in out:
            out.append(word)
            if len(out) == k:
                break
    return out


class PrecedentIndex:
    """The training decisions: TF-IDF matrix (shared with the classifier), metadata, facts for reasons."""

    def __init__(self, index: BigramIndex, metas: Sequence[PrecedentMeta], facts: Sequence[str]) -> None:
        self.index = index
        self.metas = list(metas)
        self.facts = list(facts)
        self.types = np.array([m.type_id or "" for m in self.metas], dtype=object)
        self._by_violated: dict[Provision, list[int]] = {}
        self._by_basis: dict[Provision, list[int]] = {}
        for pos, m in enumerate(self.metas):
            for key in m.violated_keys:
                self._by_violated.setdefault(key, []).append(pos)
            for key in m.basis_keys:
                self._by_basis.setdefault(key, []).append(pos)
        matrix = index.matrix if index.matrix is not None else sparse.csr_matrix((0, 0), dtype=np.float32)
        self.matrix: sparse.csr_matrix = matrix
        self.transposed: sparse.csr_matrix = matrix.T.tocsr()
        vocab = getattr(index.vectorizer, "vocabulary_", {})
        self.names = np.empty(len(vocab), dtype=object)
        for term, col in vocab.items():
            self.names[col] = term

    def __len__(self) -> int:
        return len(self.metas)

    def by_violated(self, key: Provision) -> list[int]:
        """Positions of the precedents citing key as violated."""
        return self._by_violated.get(key, [])

    def by_basis(self, key: Provision) -> list[int]:
        """Positions of the precedents citing key as a penalty provision."""
        return self._by_basis.get(key, [])

    def _laws(self, attr: str, basis_too: bool) -> dict[str, list[int]]:
        """Law → positions of the precedents citing an article of it (violated, or either role), in
        position order; built on first use and kept as `attr` (models pickled before lack it)."""
        table: dict[str, list[int]] | None = getattr(self, attr, None)
        if table is None:
            table = {}
            for pos, m in enumerate(self.metas):
                keys = m.violated_keys | m.basis_keys if basis_too else m.violated_keys
                for name in {k[0] for k in keys}:
                    table.setdefault(name, []).append(pos)
            setattr(self, attr, table)
        return table

    def by_law(self, law: str) -> list[int]:
        """Positions of the precedents citing an article of law as violated (built on first use)."""
        return self._laws("_by_law", basis_too=False).get(law, [])

    def citing_law(self, law: str) -> list[int]:
        """Positions of the precedents citing an article of law in either role (built on first use)."""
        return self._laws("_citing_law", basis_too=True).get(law, [])

    def similarities(self, vector: sparse.csr_matrix) -> np.ndarray:
        """Cosine similarity of a query vector to every precedent."""
        if not self.metas:
            return np.zeros(0)
        return np.asarray((vector @ self.transposed).toarray()).ravel()

    def nearest(self, sims: np.ndarray, k: int) -> list[tuple[PrecedentMeta, float]]:
        """The k most similar precedents by text alone, best first."""
        if not sims.size:
            return []
        k = min(k, sims.size)
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(self.metas[int(i)], float(sims[i])) for i in top]

    def search(
        self,
        query: sparse.csr_matrix,
        sims: np.ndarray,
        type_probs: Mapping[str, float],
        provisions: Sequence[ProvisionItem],
        amounts: Mapping[str, Decimal],
        k: int = 10,
        explain: int = 10,
        relevance: np.ndarray | None = None,
        renumbered: Mapping[int, Any] | None = None,
    ) -> list[Hit]:
        """Top k by `relevance` when given (expected relevance, zhifa.assistant.chances), else
        P(precedent's type) + SIM_WEIGHT · cosine + shared provisions; reasons for the first `explain`.
        `renumbered` (renumbering.renumbered_positions): precedents whose articles of some laws are
        numbered by another version than the act's — no "same provision" of those laws for them."""
        if not self.metas:
            return []
        prior = np.array([type_probs.get(t, 0.0) for t in self.types], dtype=np.float64)
        score = TYPE_WEIGHT * prior + SIM_WEIGHT * sims
        if relevance is not None:
            score = relevance
        elif PROVISION_WEIGHT:
            v_keys = {p.key for p in provisions if p.role == "violated"}
            b_keys = {p.key for p in provisions if p.role == "penalty"}
            v_hit = np.zeros(len(self.metas), dtype=bool)
            b_hit = np.zeros(len(self.metas), dtype=bool)
            for key in v_keys:
                v_hit[self._by_violated.get(key, [])] = True
            for key in b_keys:
                b_hit[self._by_basis.get(key, [])] = True
            score = score + PROVISION_WEIGHT * (0.6 * v_hit + 0.4 * b_hit)
        k = min(k, len(score))
        top = np.argpartition(-score, k - 1)[:k]
        top = top[np.argsort(-score[top], kind="stable")]
        keys = {p.key for p in provisions}
        dense = np.zeros(self.matrix.shape[1], dtype=np.float32)  # the query's row, for the key terms
        dense[query.indices] = query.data
        hits = []
        for n, i in enumerate(top):
            meta = self.metas[int(i)]
            other = renumbered.get(int(i)) if renumbered else None
            own = {k for k in keys if k[0] not in other.laws} if other else keys
            reasons = self._reasons(dense, int(i), meta, own, type_probs, amounts) if n < explain else []
            hits.append(Hit(meta, float(score[i]), float(sims[i]), reasons))
        return hits

    def _reasons(
        self,
        query: np.ndarray,
        pos: int,
        meta: PrecedentMeta,
        keys: set[Provision],
        type_probs: Mapping[str, float],
        amounts: Mapping[str, Decimal],
    ) -> list[str]:
        out = []
        if meta.type_id and type_probs.get(meta.type_id, 0.0) >= 0.2:
            out.append("同一违法行为类型")
        shared = sorted(f"《{law}》第{art}条" for law, art in keys & (meta.violated_keys | meta.basis_keys))
        if shared:
            out.append("相同条款：" + "、".join(shared))
        start, end = self.matrix.indptr[pos], self.matrix.indptr[pos + 1]
        terms = _key_terms(query, (self.matrix.indices[start:end], self.matrix.data[start:end]), self.names)
        terms = as_words(terms, self.facts[pos] if pos < len(self.facts) else "")
        if terms:
            out.append("共同关键词：" + "、".join(terms))
        for name, value in amounts.items():
            other = meta.amounts.get(name)
            if other and value and Decimal("0.5") <= other / value <= Decimal(2):
                out.append(f"涉案金额相近（{name}：{other} 元 / {value} 元）")
        return out

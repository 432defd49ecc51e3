"""Vector similarity over precedent texts: TF-IDF on character n-grams (scikit-learn, sparse, cosine).

`BigramIndex` is the plain character-bigram nearest neighbour of the issue (also the evaluation
baseline); `ngram_range`, `sublinear_tf` and `max_features` let a richer representation reuse it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

_KEEP = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]+")


def clean_for_vectors(text: str) -> str:
    """Keep Chinese characters, digits and letters (punctuation and spaces only add noise)."""
    return _KEEP.sub(" ", text)


@dataclass(frozen=True)
class Neighbour:
    """One similar document: position in the index, its id and the cosine similarity."""

    pos: int
    id: str
    score: float


class BigramIndex:
    """TF-IDF over character n-grams (default: bigrams only), L2-normalised; cosine by dot product."""

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (2, 2),
        sublinear_tf: bool = False,
        max_features: int | None = None,
        min_df: int = 1,
        max_df: float = 1.0,
    ) -> None:
        self.vectorizer = TfidfVectorizer(
            analyzer="char",
            ngram_range=ngram_range,
            sublinear_tf=sublinear_tf,
            max_features=max_features,
            min_df=min_df,
            max_df=max_df,
            dtype=np.float32,
            preprocessor=clean_for_vectors,
        )
        self.ids: list[str] = []
        self.matrix: sparse.csr_matrix | None = None
        self._transposed: sparse.csc_matrix | None = None

    def fit(self, ids: Sequence[str], texts: Sequence[str]) -> BigramIndex:
        """Learn the vocabulary and IDF from the texts and index them."""
        if len(ids) != len(texts):
            raise ValueError("ids and texts differ in length")
        self.ids = list(ids)
        self.matrix = sparse.csr_matrix(self.vectorizer.fit_transform(texts))
        self._transposed = self.matrix.T.tocsr()
        return self

    def add(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        """Append documents with the fitted vocabulary (IDF unchanged; used for scale runs)."""
        if self.matrix is None:
            self.fit(ids, texts)
            return
        extra = sparse.csr_matrix(self.vectorizer.transform(texts))
        self.ids.extend(ids)
        self.matrix = sparse.vstack([self.matrix, extra], format="csr")
        self._transposed = None  # rebuilt on the next query

    def __len__(self) -> int:
        return len(self.ids)

    def vector(self, text: str) -> sparse.csr_matrix:
        """The query vector of a text."""
        return sparse.csr_matrix(self.vectorizer.transform([text]))

    def scores(self, text: str) -> np.ndarray:
        """Cosine similarity of the text to every indexed document."""
        if self.matrix is None or not self.ids:
            return np.zeros(0, dtype=np.float32)
        if self._transposed is None:
            self._transposed = self.matrix.T.tocsr()
        q = self.vector(text)
        return np.asarray((q @ self._transposed).toarray()).ravel()

    def query(self, text: str, k: int = 10, *, mask: np.ndarray | None = None) -> list[Neighbour]:
        """The k most similar documents (optionally only where mask is True), best first."""
        sims = self.scores(text)
        if mask is not None:
            sims = np.where(mask, sims, -1.0)
        if sims.size == 0:
            return []
        k = min(k, sims.size)
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [Neighbour(int(i), self.ids[int(i)], float(sims[i])) for i in top if sims[i] >= 0]


def library_index(size: int, max_features: int | None = None) -> BigramIndex:
    """The representation for precedent similarity: 1–3-grams, sublinear tf; rare and ubiquitous n-grams
    dropped once the library is big enough for document frequencies to mean something (> 50)."""
    big = size > 50
    return BigramIndex(
        ngram_range=(1, 3),
        sublinear_tf=True,
        min_df=2 if big else 1,
        max_df=0.5 if big else 1.0,
        max_features=max_features,
    )

"""One query's TF-IDF vector without scikit-learn's per-call overhead (same numbers as its `transform`).

scikit-learn's `TfidfVectorizer.transform([text])` validates its input, counts n-grams one dictionary
lookup at a time and builds the sparse row in several passes: about 2 ms per query of the assistant,
the largest single part of an answer (profiled 2026-12-04). Here the character n-grams are counted by
`collections.Counter` (C), only distinct n-grams are looked up, and the row is built once; the weighting
(sublinear tf, idf, L2 norm) is scikit-learn's own, step by step in the same dtype. The fitted vectorizer
stays the reference: tests compare both on real texts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import numpy as np
from scipy import sparse

_WHITE = re.compile(r"\s\s+")  # scikit-learn's _white_spaces


class QueryVectorizer:
    """The fitted character n-gram TF-IDF vectorizer's transform, for one text at a time."""

    def __init__(self, fitted: Any) -> None:
        if fitted.analyzer != "char" or fitted.norm != "l2" or not fitted.use_idf:
            raise ValueError("QueryVectorizer covers analyzer='char', norm='l2', use_idf=True only")
        self.vocabulary: dict[str, int] = fitted.vocabulary_
        self.idf = np.asarray(fitted.idf_)
        self.preprocess = fitted.build_preprocessor()
        self.lo, self.hi = fitted.ngram_range
        self.sublinear = bool(fitted.sublinear_tf)
        self.dtype = fitted.dtype
        self.width = len(self.vocabulary)

    def ngrams(self, text: str) -> Counter[str]:
        """Counts of the character n-grams of the preprocessed text (whitespace runs as one space); each
        n-gram list is built by `map(str.__add__, …)` over shifted copies, so no Python loop per n-gram."""
        doc = _WHITE.sub(" ", self.preprocess(text))
        counts: Counter[str] = Counter()
        grams: list[str] = list(doc)
        for n in range(1, min(self.hi, len(doc)) + 1):
            if n > 1:
                grams = list(map(str.__add__, grams[:-1], doc[n - 1 :]))
            if n >= self.lo:
                counts.update(grams)
        return counts

    def __call__(self, text: str) -> sparse.csr_matrix:
        """The 1 × V TF-IDF row of text (sorted indices), as the fitted vectorizer's transform gives it."""
        vocab = self.vocabulary
        counts = self.ngrams(text)
        keys = list(counts.keys() & vocab.keys())
        indices = np.fromiter(map(vocab.__getitem__, keys), dtype=np.int32, count=len(keys))
        data = np.fromiter(map(counts.__getitem__, keys), dtype=self.dtype, count=len(keys))
        order = np.argsort(indices, kind="stable")
        indices, data = indices[order], data[order]
        if self.sublinear:
            np.log(data, data)
            data += 1.0
        data *= self.idf[indices]
        # L2 norm as scikit-learn's inplace_csr_row_normalize_l2: squares in the data's dtype, sum in double
        total = float(np.sum((data * data).astype(np.float64)))
        if total != 0.0:
            data = (data / np.float64(math.sqrt(total))).astype(self.dtype)
        return sparse.csr_matrix(
            (data, indices, np.array([0, len(keys)], dtype=np.int32)), shape=(1, self.width)
        )

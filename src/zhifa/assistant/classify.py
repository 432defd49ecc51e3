"""Violation type from facts: catalog keywords/patterns + a linear model trained on the precedent library.

Model: linear SVM over the character 1–3-gram TF-IDF of the facts plus the catalog's pattern hits as
extra features; its scores become probabilities by a softmax whose temperature is fitted on held-out
folds of the training data (calibration). Entries never seen in training keep pattern evidence only.
Within one provision's entries (siblings: they share a violated article, e.g. 价格法 §13's 不标明价格 /
不按规定的内容和方式标价 / other), a catalog pattern that names the conduct decides before the model: the
siblings the patterns name take the group's best places, in the model's order (`sibling_by_pattern`).
When the facts carry little legal signal (few Chinese characters, no catalog pattern, far from every
precedent) the distribution is flattened toward uniform and the answer says it is uncertain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.svm import LinearSVC

from zhifa.assistant.classify_labels import EntryProfile

PATTERN_WEIGHT = 0.3
MIN_CHINESE = 8
SIM_FULL = 0.12  # nearest-precedent cosine from which the model is trusted fully
UNCERTAIN_BELOW = 0.5
UNSEEN_MARGIN = 3.0
UNSEEN_PATTERN_BONUS = 2.0
_HAN = re.compile(r"[\u4e00-\u9fff]")
# words nearly every market-supervision facts section uses; none at all = not a case description
_DOMAIN = re.compile(
    r"当事人|经营|销售|出售|商品|价格|标价|收费|食品|药品|产品|广告|商标|违法|经查|消费者|市场|计量|"
    r"特种设备|许可|登记|网店|平台|店铺|货值|未成年人|罚款"
)
NO_DOMAIN_SIGNAL = 0.2


@dataclass
class TypeScores:
    """Calibrated probabilities over the catalog entries, best first, and why they may be unreliable."""

    ranked: list[tuple[str, float]]
    signal: float
    uncertain: bool
    reasons: list[str] = field(default_factory=list)
    pattern_hits: dict[str, int] = field(default_factory=dict)
    named_by_pattern: str | None = None  # the sibling a catalog pattern put first over the model's choice

    def top(self, k: int = 5) -> list[tuple[str, float]]:
        """The k most probable entries."""
        return self.ranked[:k]


def pattern_matrix(texts: Sequence[str], profiles: Sequence[EntryProfile]) -> np.ndarray:
    """Hits of each entry's keywords/patterns in each text (capped at 3)."""
    return np.array([[min(p.cue_hits(t), 3) for p in profiles] for t in texts], dtype=np.float32)


def sibling_by_pattern(
    ranked: list[tuple[str, float]], text: str, profiles: Sequence[EntryProfile]
) -> tuple[list[tuple[str, float]], str | None]:
    """Reorder the top entry's sibling group so that siblings whose patterns name the conduct come first.

    A pattern names the conduct when its match holds none of the other siblings' keywords (未标示价格
    does; 未按规定明码标价 holds 明码标价, the shared vocabulary, and does not). The group's places (and
    probabilities) stay where they are; only who holds them changes. When the top entry's own patterns
    name the conduct, or no sibling's do, nothing changes. Returns the ranking and the entry moved to
    the top (None if none).
    """
    by_id = {p.id: p for p in profiles}
    top = by_id.get(ranked[0][0]) if ranked else None
    if top is None:
        return ranked, None
    places = [i for i, (t, _) in enumerate(ranked) if t in by_id and by_id[t].sibling_of(top)]
    members = [ranked[i][0] for i in places]

    def named(type_id: str) -> bool:
        generic = frozenset(w for t in members if t != type_id for w in by_id[t].words)
        return by_id[type_id].names_conduct(text, generic)

    if len(members) < 2 or named(top.id):
        return ranked, None
    first = [t for t in members if named(t)]
    if not first:
        return ranked, None
    order = first + [t for t in members if t not in first]
    out = list(ranked)
    for place, type_id in zip(places, order, strict=True):
        out[place] = (type_id, ranked[place][1])
    return out, first[0]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


def fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """Scale a maximising the held-out log-likelihood of softmax(a · scores) (grid search)."""
    best, best_ll = 1.0, -math.inf
    for a in (0.5, 1, 2, 3, 4, 6, 8, 10, 14, 20, 30):
        p = _softmax(a * scores)
        ll = float(np.log(np.clip(p[np.arange(len(gold)), gold], 1e-9, 1)).sum())
        if ll > best_ll:
            best, best_ll = float(a), ll
    return best


class TypeClassifier:
    """Linear SVM on [TF-IDF | pattern hits] with a fitted softmax temperature."""

    def __init__(self, profiles: Sequence[EntryProfile], c: float = 0.5) -> None:
        self.profiles = tuple(profiles)
        self.c = c
        self.classes: list[str] = []
        self.svm: LinearSVC | None = None
        self.scale = 1.0

    def _features(self, tfidf: sparse.csr_matrix, hits: np.ndarray) -> sparse.csr_matrix:
        return sparse.hstack([tfidf, sparse.csr_matrix(hits * PATTERN_WEIGHT)], format="csr")

    def _fit_svm(self, x: sparse.csr_matrix, y: np.ndarray) -> LinearSVC:
        return LinearSVC(C=self.c).fit(x, y)

    def _scores(self, svm: LinearSVC, x: sparse.csr_matrix) -> np.ndarray:
        raw = np.asarray(svm.decision_function(x), dtype=np.float64)
        if raw.ndim == 1:  # two classes: one column of scores for the second
            raw = np.stack([-raw, raw], axis=1)
        full = np.full((x.shape[0], len(self.classes)), -3.0)
        cols = [self.classes.index(c) for c in svm.classes_]
        full[:, cols] = raw
        return full

    def _row_scores(self, svm: LinearSVC, tfidf: sparse.csr_matrix, hits: np.ndarray) -> np.ndarray:
        """One text's scores, as `_scores` on its features, without building them or scikit-learn's
        input checks: the TF-IDF row times the weights (kept transposed, contiguous) plus pattern hits."""
        fast = self.__dict__.get("_fast")
        if fast is None or fast[0] is not svm:
            coef = np.asarray(svm.coef_, dtype=np.float64)
            width = tfidf.shape[1]
            fast = (svm, np.ascontiguousarray(coef[:, :width].T), coef[:, width:].T.copy(), svm.intercept_)
            self._fast = fast
        _, words, patterns, intercept = fast
        if words.shape[1] < 2:  # two classes: the general path
            return self._scores(svm, self._features(tfidf, hits[None, :]))[0]
        raw = np.asarray(tfidf @ words).ravel() + (hits * PATTERN_WEIGHT) @ patterns + intercept
        full = np.full(len(self.classes), -3.0)
        full[[self.classes.index(c) for c in svm.classes_]] = raw
        return full

    def __getstate__(self) -> dict[str, object]:
        """Pickle without the transposed weights (rebuilt on first use)."""
        return {k: v for k, v in self.__dict__.items() if k != "_fast"}

    def fit(self, tfidf: sparse.csr_matrix, texts: Sequence[str], labels: Sequence[str]) -> TypeClassifier:
        """Train on the labelled training texts; temperature from 3 inner folds."""
        x = self._features(tfidf, pattern_matrix(texts, self.profiles))
        self.classes = sorted(set(labels))
        y = np.array([self.classes.index(lab) for lab in labels])
        if len(self.classes) < 2:
            self.svm = None
            return self
        folds = np.arange(len(y)) % 3
        held_scores, held_gold = [], []
        for f in range(3):
            train, test = folds != f, folds == f
            if len(set(y[train].tolist())) < 2 or not test.any():
                continue
            svm = self._fit_svm(x[train], np.array(self.classes)[y[train]])
            held_scores.append(self._scores(svm, x[test]))
            held_gold.append(y[test])
        if held_scores:
            self.scale = fit_temperature(np.vstack(held_scores), np.concatenate(held_gold))
        self.svm = self._fit_svm(x, np.array(self.classes)[y])
        return self

    def predict(self, tfidf: sparse.csr_matrix, text: str, nearest_similarity: float) -> TypeScores:
        """Calibrated distribution over entries for one text (tfidf: its 1×V vector)."""
        hits_row = pattern_matrix([text], self.profiles)[0]
        hits = {p.id: int(h) for p, h in zip(self.profiles, hits_row, strict=True) if h}
        ids = [p.id for p in self.profiles]
        floor = 0.0
        seen: dict[str, float] = {}
        if self.svm is not None:
            scores = self._row_scores(self.svm, tfidf, hits_row) * self.scale
            seen = {cls: float(s) for cls, s in zip(self.classes, scores, strict=True)}
            floor = min(seen.values())
        # entries the library has no decision of: below every learnt type unless their patterns match
        logits = {i: seen.get(i, floor - UNSEEN_MARGIN + UNSEEN_PATTERN_BONUS * hits.get(i, 0)) for i in ids}
        names = list(logits)
        probs = _softmax(np.array([logits[n] for n in names]))
        reasons: list[str] = []
        han = len(_HAN.findall(text))
        signal = min(1.0, max(nearest_similarity, 0.0) / SIM_FULL)
        if han < MIN_CHINESE:
            signal = 0.0
            reasons.append("事实描述几乎没有中文内容，无法判断违法行为类型")
        elif not hits and not _DOMAIN.search(text):
            signal = min(signal, NO_DOMAIN_SIGNAL)
            reasons.append(
                "事实中没有市场监管执法事实的常见用语（当事人、经营、销售、价格……），无法判断违法行为类型"
            )
        elif not hits and nearest_similarity < SIM_FULL:
            reasons.append("事实中没有违法行为目录的关键词，且与判例库中的案件差异较大")
        elif nearest_similarity < SIM_FULL / 2:
            reasons.append("与判例库中的案件差异较大，判断仅供参考")
        probs = signal * probs + (1 - signal) / len(probs)
        order = np.argsort(-probs, kind="stable")
        ranked = [(names[i], float(probs[i])) for i in order]
        named = None
        if signal > 0:
            ranked, named = sibling_by_pattern(ranked, text, self.profiles)
        uncertain = ranked[0][1] < UNCERTAIN_BELOW or signal < 1.0  # the answer's: zhifa.assistant.confidence
        return TypeScores(ranked, signal, uncertain, reasons, hits, named)

"""How likely a decision on these facts cites each provision, and how relevant each precedent is.

Chance of a provision (violated or penalty): Σ over the five likeliest types of P(type) × the share of
that type's training decisions citing it (catalog provisions of the type only, a small prior in catalog
order), plus the similarity²-weighted share of the 20 textually nearest decisions citing it. Decisions of
one conduct cite different provisions by bureau habit (价格法 §13 or 明码标价和禁止价格欺诈规定 §5 …; 价格法
§42 or 价格违法行为行政处罚规定 §13), which is why the neighbours' own citations count beside the catalog.

A nearest decision at cosine ≥ LOOKALIKE decides the provisions outright: decisions whose facts look alike
cite the same provisions (docs/decisions/0010, ceiling check).

A neighbour decided under another version of a renumbered law than the act's votes with its citations
translated to the act's version (zhifa.assistant.renumbering; a role it cannot translate is left out).

Expected relevance of a precedent (the evaluation's graded relevance, 3 / 2 / 1, as an expectation):
pv · (2 + pb) + (1 − pv) · plaw + similarity, with pv (pb, plaw) the chance the case shares one of the
precedent's violated (penalty) provisions (laws), from the chances scaled so the likeliest is 0.5.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from zhifa.assistant.classify_labels import cite_key
from zhifa.assistant.precedents import PrecedentIndex, PrecedentMeta
from zhifa.assistant.provisions import version_for
from zhifa.assistant.renumbering import LawVersions, Renumbered, as_of, law_versions
from zhifa.precedents.record import Provision
from zhifa.rules.loader import Catalog

TYPES_CONSIDERED = 5
NEIGHBOURS = 20
NEIGHBOUR_WEIGHT = 0.6
PRIOR = 0.05  # catalog order breaks ties for types the library has few decisions of
MAX_PROVISIONS = 3
TOP_CHANCE = 0.5  # the likeliest provision's chance in the relevance expectation (measured 0.45–0.6 alike)
SIM_BONUS = 1.0  # similarity (cosine, mostly < 0.5) orders precedents of equal expected relevance
ROLES = ("violated", "penalty")
LOOKALIKE = 0.5  # a neighbour this similar decides the provisions (look-alike decisions agree: 0010)


@dataclass
class Chances:
    """Provision → chance that a decision on these facts cites it, per role; `near`: the neighbours as
    the chances counted them (citations of laws that changed version since left out)."""

    violated: dict[Provision, float]
    penalty: dict[Provision, float]
    near: list[tuple[PrecedentMeta, float]] = field(default_factory=list)

    def of(self, role: str) -> dict[Provision, float]:
        """The chances of one role."""
        return self.violated if role == "violated" else self.penalty


def cites_of(meta: PrecedentMeta, role: str) -> frozenset[Provision]:
    """The provisions a precedent cites in one role (violated, or penalty basis)."""
    return meta.violated_keys if role == "violated" else meta.basis_keys


def type_counts(index: PrecedentIndex) -> Counter[str]:
    """Training decisions per violation type."""
    return Counter(m.type_id for m in index.metas if m.type_id)


def provision_chances(
    types: Sequence[tuple[str, float]],
    nearest: Sequence[tuple[PrecedentMeta, float]],
    catalog: Catalog,
    usage: Mapping[str, Mapping[str, Mapping[Provision, int]]],
    counts: Mapping[str, int],
    day: date,
    versions: LawVersions | None = None,
) -> Chances:
    """The chance of each provision for both roles (see the module docstring); `versions` as
    `law_versions(catalog)` gives (computed when not given)."""
    out: dict[str, dict[Provision, float]] = {}
    versions = law_versions(catalog) if versions is None else versions
    near = [(as_of(meta, day, versions), sim) for meta, sim in nearest[:NEIGHBOURS]]
    weight = sum(sim**2 for _, sim in near) or 1.0
    for role in ROLES:
        score: dict[Provision, float] = defaultdict(float)
        for type_id, prob in types[:TYPES_CONSIDERED]:
            entry = catalog.entries.get(type_id)
            if entry is None:
                continue
            version = version_for(entry, day)
            cites = version.violated if role == "violated" else (*version.basis, version.clause.cite)
            cited = usage.get(type_id, {}).get(role, {})
            total = counts.get(type_id, 0)
            for rank, key in enumerate(dict.fromkeys(cite_key(c) for c in cites)):
                share = cited.get(key, 0) / total if total else 0.0
                score[key] += prob * (share + PRIOR / (rank + 1))
        for meta, sim in near:
            for key in cites_of(meta, role):
                score[key] += NEIGHBOUR_WEIGHT * sim**2 / weight
        out[role] = dict(score)
    return Chances(out["violated"], out["penalty"], near)


def likely_provisions(
    chances: Mapping[Provision, float],
    nearest: Sequence[tuple[PrecedentMeta, float]],
    role: str,
) -> list[Provision]:
    """Provisions by chance; the whole set the most similar decisions cite when it holds the likeliest
    (decisions cite provisions as sets: 价格法 §14 with or without 明码标价和禁止价格欺诈规定 §19).
    `nearest`: the neighbours as the chances counted them (Chances.near)."""

    def by_chance(keys: Iterable[Provision]) -> list[Provision]:
        return sorted(keys, key=lambda k: (-chances.get(k, 0.0), k))

    ranked = by_chance(chances)
    if not ranked:
        return []
    if nearest and nearest[0][1] >= LOOKALIKE and (own := cites_of(nearest[0][0], role)):
        return by_chance(own)[:MAX_PROVISIONS]
    sets: dict[frozenset[Provision], float] = defaultdict(float)
    for meta, sim in nearest[:NEIGHBOURS]:
        if keys := cites_of(meta, role):
            sets[keys] += sim**2
    if sets:
        best_set = max(sets.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
        if ranked[0] in best_set and len(best_set) <= MAX_PROVISIONS:
            return by_chance(best_set)
    return ranked[:MAX_PROVISIONS]


def _scaled(chances: Mapping[Provision, float]) -> dict[Provision, float]:
    top = max(chances.values(), default=0.0)
    return {k: v / top * TOP_CHANCE for k, v in chances.items()} if top > 0 else dict(chances)


def expected_relevance(
    index: PrecedentIndex,
    sims: np.ndarray,
    chances: Chances,
    renumbered: Mapping[int, Renumbered] | None = None,
) -> np.ndarray:
    """Expected graded relevance of every precedent to the case, plus similarity (vectorised).
    `renumbered` (renumbering.renumbered_positions): precedents whose citations are compared as read at
    the act's version of a revised law, not by the numbers they cite."""
    moved = renumbered or {}

    def current(positions: list[int]) -> list[int]:
        return [p for p in positions if p not in moved] if moved else positions

    n = len(index.metas)
    pv, pb, plaw = np.zeros(n), np.zeros(n), np.zeros(n)
    violated, penalty = _scaled(chances.violated), _scaled(chances.penalty)
    laws: dict[str, float] = defaultdict(float)
    for key, p in violated.items():
        pv[current(index.by_violated(key))] += p
        laws[key[0]] += p
    for key, p in penalty.items():
        pb[current(index.by_basis(key))] += p
    for law, p in laws.items():
        plaw[index.by_law(law)] += p
    for pos, r in moved.items():
        pv[pos] += sum(violated.get(key, 0.0) for key in r.meta.violated_keys)
        pb[pos] += sum(penalty.get(key, 0.0) for key in r.meta.basis_keys)
    pv, pb, plaw = np.minimum(pv, 1.0), np.minimum(pb, 1.0), np.minimum(plaw, 1.0)
    return np.asarray(pv * (2.0 + pb) + (1.0 - pv) * plaw + SIM_BONUS * sims, dtype=np.float64)


def likely_json(chances: Chances) -> dict[str, list[object]]:
    """`provisions.likely` of the answer: per role, the provisions a decision on these facts most likely
    cites (law, article, chance), in the order the evaluation scores them."""
    out: dict[str, list[object]] = {}
    for role in ROLES:
        scores = chances.of(role)
        out[role] = [
            {
                "law": law,
                "article": article,
                "label": f"《{law}》第{article}条",
                "chance": round(scores.get((law, article), 0.0), 4),
            }
            for law, article in likely_provisions(scores, chances.near, role)
        ]
    return out

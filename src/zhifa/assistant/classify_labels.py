"""The violation type of a decided case: the catalog entry its cited provisions and reasoning point to.

Training labels and evaluation gold come from the whole decision (never from the facts alone):
1. candidates are the entries whose violated provisions (law + article) the decision cites as violated,
   or whose penalty provisions it cites as violated (decisions sometimes name the 罚则 as violated);
2. each candidate scores: shared violated articles ×3, shared penalty articles ×1, shared 款/项 ×2,
   and the entry's keywords and patterns found in the decision's legal analysis (本局认为 …) ×1;
3. the best score wins; a tie (entries citing the same provisions) goes to the entry whose keywords the
   facts name most (the conduct decides between entries of one provision), then to the catch-all entry
   (`*_other`), then to the entry whose provisions the decision covers most, then the id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zhifa.precedents.provisions import normalise_law_title
from zhifa.precedents.record import PrecedentRecord, Provision
from zhifa.rules.loader import Catalog, load_catalog
from zhifa.rules.models import Cite, Entry

Fine = tuple[str, int, int | None, int | None]


def cite_key(cite: Cite) -> Provision:
    """(normalised law title, article) of a catalog citation, the level decisions are compared at."""
    return (normalise_law_title(cite.law), cite.article)


@dataclass(frozen=True)
class EntryProfile:
    """An entry's provisions over all its versions, at article and at 款/项 level, and its cues."""

    id: str
    violated: frozenset[Provision]
    basis: frozenset[Provision]
    fine: frozenset[Fine]
    words: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]

    def cue_hits(self, text: str) -> int:
        """Keywords and patterns of the entry found in text."""
        return sum(1 for w in self.words if w in text) + self.pattern_hits(text)

    def pattern_hits(self, text: str) -> int:
        """The entry's patterns (regular expressions naming the conduct) found in text; not its keywords."""
        return sum(1 for p in self.patterns if p.search(text))

    def names_conduct(self, text: str, generic: frozenset[str]) -> bool:
        """A pattern of the entry matches text with words of its own: the matched span holds none of the
        `generic` words (its siblings' keywords, e.g. 明码标价 in 未按规定明码标价)."""
        for p in self.patterns:
            for m in p.finditer(text):
                if not any(w in m.group(0) for w in generic):
                    return True
        return False

    def sibling_of(self, other: EntryProfile) -> bool:
        """Entries of one provision: they share a violated article (价格法 §13: 不标价 / 不按规定标价 …)."""
        return bool(self.violated & other.violated)


def profile_of(entry: Entry) -> EntryProfile:
    """Build the matching profile of one entry."""
    violated = {cite_key(c) for v in entry.versions for c in v.violated}
    basis = {cite_key(c) for v in entry.versions for c in (*v.basis, v.clause.cite)}
    fine: set[Fine] = set()
    for version in entry.versions:
        for c in version.violated:
            if c.paragraph is not None or c.item is not None:
                fine.add((*cite_key(c), c.paragraph, c.item))
    patterns = []
    for raw in entry.patterns:
        try:
            patterns.append(re.compile(raw))
        except re.error:
            continue
    return EntryProfile(
        entry.id, frozenset(violated), frozenset(basis), frozenset(fine), entry.keywords, tuple(patterns)
    )


@lru_cache(maxsize=1)
def _default_catalog() -> Catalog:
    return load_catalog()


_CACHE: dict[int, tuple[Catalog, tuple[EntryProfile, ...]]] = {}


def profiles(catalog: Catalog | None = None) -> tuple[EntryProfile, ...]:
    """Profiles of every entry of the catalog (the packaged catalog by default), computed once."""
    cat = catalog or _default_catalog()
    hit = _CACHE.get(id(cat))
    if hit is None or hit[0] is not cat:
        hit = _CACHE[id(cat)] = (cat, tuple(profile_of(e) for e in cat.entries.values()))
    return hit[1]


def label_scores(record: PrecedentRecord, catalog: Catalog | None = None) -> list[tuple[str, float]]:
    """Candidate entries for a decided case with their scores, best first (empty: no entry fits)."""
    violated, basis = record.violated_keys, record.basis_keys
    fine = {(p.law, p.article, p.paragraph, p.item) for p in record.violated}
    fine |= {(p.law, p.article, None, p.item) for p in record.violated if p.item is not None}
    analysis = record.analysis or ""
    out: list[tuple[str, float, int, int, int]] = []
    for prof in profiles(catalog):
        shared_v = len(prof.violated & violated)
        penalty_as_violated = len(prof.basis & violated)
        if not shared_v and not penalty_as_violated:
            continue
        shared_b = len(prof.basis & basis)
        shared_fine = sum(1 for f in prof.fine if f in fine or (f[0], f[1], None, f[3]) in fine)
        score = 3 * shared_v + penalty_as_violated + shared_b + 2 * shared_fine + prof.cue_hits(analysis)
        coverage = len((prof.violated | prof.basis) & (violated | basis))
        generic = 1 if prof.id.endswith("_other") else 0
        out.append((prof.id, float(score), prof.cue_hits(record.facts), generic, coverage))
    out.sort(key=lambda t: (-t[1], -t[2], -t[3], -t[4], t[0]))
    return [(t[0], t[1]) for t in out]


def type_of(record: PrecedentRecord) -> str | None:
    """The decision's violation type (catalog entry id), or None when no entry fits its provisions."""
    scores = label_scores(record)
    return scores[0][0] if scores else None

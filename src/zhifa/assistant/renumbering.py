"""Laws renumbered by a revision, as the catalog knows them: precedents read at the act's version.

A precedent cites the article numbers of the version in force when it was decided. When a law it cites
took a new version between then and the act of the case at hand (反不正当竞争法 from 2025-10-15: 商业贿赂
§7 → §8, its penalty §19 → §24; §8 was 虚假宣传 before and is 商业贿赂 after), its numbers are translated
to the act's version through the catalog's entries, whose consecutive versions name the same conduct's
articles in the same order. A role whose citations of such a law cannot be translated is left out whole:
decisions cite provisions as sets, and what is left of a set (行政处罚法 §32 without the penalty article)
was never cited as such.

The decision date stands for the precedent's act date, which the library does not keep: a decision after
a revision on an earlier act (从旧兼从轻) may still cite the old numbers and is read as if it did not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from zhifa.assistant.classify_labels import cite_key
from zhifa.assistant.precedents import PrecedentIndex, PrecedentMeta
from zhifa.precedents.record import Provision
from zhifa.rules.loader import Catalog


@dataclass(frozen=True)
class LawVersions:
    """Per normalised law: the dates a new version took effect, and the article moves at each date."""

    changes: dict[str, tuple[date, ...]]
    moves: dict[tuple[str, date], dict[int, int]]  # (law, date) → old article → new article

    def changed(self, meta: PrecedentMeta, day: date) -> frozenset[str]:
        """The laws the precedent cites that took a new version between its decision date and `day` (none
        when the decision date is unknown)."""
        if meta.decision_date is None:
            return frozenset()
        lo, hi = sorted((meta.decision_date, day))
        laws = {law for law, _ in meta.violated_keys | meta.basis_keys}
        return frozenset(law for law in laws if any(lo < c <= hi for c in self.changes.get(law, ())))

    def translate(self, key: Provision, since: date, day: date) -> Provision | None:
        """The article cited under the version in force on `since`, numbered as on `day`; None when a
        revision in between moved articles and the catalog does not say where this one went."""
        law, article = key
        forward = since < day
        lo, hi = (since, day) if forward else (day, since)
        steps = [c for c in self.changes.get(law, ()) if lo < c <= hi]
        for change in steps if forward else reversed(steps):
            moves = self.moves.get((law, change), {})
            table = moves if forward else {new: old for old, new in moves.items()}
            if article not in table:
                return None
            article = table[article]
        return (law, article)


def law_versions(catalog: Catalog) -> LawVersions:
    """The revisions the catalog's entries know: a later version of an entry names the same conduct's
    violated and penalty articles in the same order as the one before (articles that two entries move
    differently are left out)."""
    changes: dict[str, set[date]] = defaultdict(set)
    seen: dict[tuple[str, date], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for entry in catalog.entries.values():
        for before, after in zip(entry.versions, entry.versions[1:], strict=False):
            for old_cites, new_cites in ((before.violated, after.violated), (before.basis, after.basis)):
                old_keys = [cite_key(c) for c in old_cites]
                new_keys = [cite_key(c) for c in new_cites]
                for law in {k[0] for k in new_keys} | {k[0] for k in old_keys}:
                    if [k for k in old_keys if k[0] == law] != [k for k in new_keys if k[0] == law]:
                        changes[law].add(after.valid_from)  # its articles moved
                if len(old_keys) != len(new_keys):
                    continue
                for (old_law, old_art), (new_law, new_art) in zip(old_keys, new_keys, strict=True):
                    if old_law == new_law:
                        seen[(old_law, after.valid_from)][old_art].add(new_art)
    moves = {
        where: {old: next(iter(new)) for old, new in table.items() if len(new) == 1}
        for where, table in seen.items()
    }
    return LawVersions({law: tuple(sorted(days)) for law, days in changes.items()}, moves)


def as_of(meta: PrecedentMeta, day: date, versions: LawVersions) -> PrecedentMeta:
    """The precedent with its citations numbered as on `day` (see the module docstring)."""
    changed = versions.changed(meta, day)
    if not changed or meta.decision_date is None:
        return meta
    since = meta.decision_date

    def moved(keys: frozenset[Provision]) -> frozenset[Provision]:
        out = set()
        for key in keys:
            new = versions.translate(key, since, day) if key[0] in changed else key
            if new is None:
                return frozenset()
            out.add(new)
        return frozenset(out)

    return replace(meta, violated_keys=moved(meta.violated_keys), basis_keys=moved(meta.basis_keys))


@dataclass(frozen=True)
class Renumbered:
    """A precedent whose citations of `laws` are numbered by another version than the act's."""

    meta: PrecedentMeta  # as_of the act date
    laws: frozenset[str]


def renumbered_positions(index: PrecedentIndex, day: date, versions: LawVersions) -> dict[int, Renumbered]:
    """Position → the precedent read at the act's version, for every precedent a revision concerns."""
    out: dict[int, Renumbered] = {}
    for law in versions.changes:
        for pos in index.citing_law(law):
            if pos not in out and (laws := versions.changed(index.metas[pos], day)):
                out[pos] = Renumbered(as_of(index.metas[pos], day, versions), laws)
    return out

"""The precedent record: what the library stores and searches for one decision (masked, JSON-ready)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.precedents.corpus import IndexEntry
from zhifa.precedents.masking import looks_like_person_name, mask_text
from zhifa.precedents.parse import ParsedDecision
from zhifa.precedents.party import NATURAL_PERSON
from zhifa.precedents.people import named_people
from zhifa.precedents.provisions import Citation

Provision = tuple[str, int]  # (normalised law title, article) — the level the evaluation compares


@dataclass(frozen=True)
class ProvisionRef:
    """A cited provision as stored: law (normalised title), article, 款, 项; resolution when available."""

    law: str
    article: int
    paragraph: int | None = None
    item: int | None = None
    law_title: str | None = None
    version: str | None = None

    @property
    def key(self) -> Provision:
        """(law, article): the level of exact-match comparison."""
        return (self.law, self.article)

    def label(self) -> str:
        """《价格法》第13条第2款."""
        out = f"《{self.law}》第{self.article}条"
        if self.paragraph:
            out += f"第{self.paragraph}款"
        if self.item:
            out += f"第{self.item}项"
        return out

    def to_json(self) -> dict[str, Any]:
        """JSON form for storage and the API."""
        return {
            "law": self.law,
            "law_title": self.law_title,
            "article": self.article,
            "paragraph": self.paragraph,
            "item": self.item,
            "version": self.version,
            "label": self.label(),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ProvisionRef:
        """Inverse of to_json."""
        return cls(raw["law"], int(raw["article"]), raw.get("paragraph"), raw.get("item"),
                   raw.get("law_title"), raw.get("version"))  # fmt: skip


@dataclass
class PrecedentRecord:
    """One decision as a precedent: identity, masked party, parts, provisions, penalties, problems."""

    docid: str
    docno: str | None
    bureau: str | None
    decision_date: date | None
    party_kind: str | None
    party_name_masked: str | None
    facts: str
    evidence: list[str]
    analysis: str
    discretion: dict[str, Any]
    violated: list[ProvisionRef]
    basis: list[ProvisionRef]
    penalties: list[dict[str, Any]]
    fine: Decimal | None
    confiscated: Decimal | None
    facts_amounts: dict[str, Decimal] = field(default_factory=dict)
    violation_type: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Facts, violated and penalty provisions and penalties were all read."""
        return not self.problems

    @property
    def violated_keys(self) -> frozenset[Provision]:
        """Violated provisions at (law, article) level."""
        return frozenset(p.key for p in self.violated)

    @property
    def basis_keys(self) -> frozenset[Provision]:
        """Penalty provisions at (law, article) level."""
        return frozenset(p.key for p in self.basis)

    @property
    def penalty_kinds(self) -> list[str]:
        """Kinds of the penalties decided (警告, 罚款, 没收违法所得 ...)."""
        return [str(p["kind"]) for p in self.penalties]


def _ref(c: Citation) -> ProvisionRef:
    return ProvisionRef(c.law_key, c.article, c.paragraph, c.item)


def _dedupe(refs: list[ProvisionRef]) -> list[ProvisionRef]:
    seen: set[tuple[str, int, int | None, int | None]] = set()
    out = []
    for r in refs:
        k = (r.law, r.article, r.paragraph, r.item)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _docno(parsed: ParsedDecision, entry: IndexEntry | None) -> str | None:
    if entry and entry.docno and re.search(r"号\s*$", entry.docno):
        return re.sub(r"\s+", "", entry.docno)
    return parsed.docno or (entry.docno.strip() if entry and entry.docno else None)


def _date(parsed: ParsedDecision, entry: IndexEntry | None) -> date | None:
    if entry and entry.date:
        m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", entry.date)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
    return parsed.decision_date


def record_from_parsed(
    docid: str, parsed: ParsedDecision, entry: IndexEntry | None = None
) -> PrecedentRecord:
    """Build the stored record; natural persons' names are masked everywhere in the texts."""
    party = parsed.party
    names = [n for n in (party.name if party else "", party.representative if party else "") if n]
    if entry and entry.party:
        names.append(entry.party)
    person_names = [n for n in names if looks_like_person_name(n)]
    person_names += named_people([parsed.facts, parsed.analysis, *parsed.evidence])  # 法定代表人, 证人 …
    kind = party.kind if party else None
    masked_name = party.display_name if party else None
    if masked_name is None and entry and entry.party:
        masked_name = mask_text(entry.party, person_names)
    if kind == NATURAL_PERSON and masked_name:
        masked_name = mask_text(masked_name, person_names)
    d = parsed.discretion
    return PrecedentRecord(
        docid=docid,
        docno=_docno(parsed, entry),
        bureau=(entry.bureau.strip() if entry and entry.bureau else None) or parsed.bureau,
        decision_date=_date(parsed, entry),
        party_kind=kind,
        party_name_masked=masked_name,
        facts=mask_text(parsed.facts, person_names),
        evidence=[mask_text(e, person_names) for e in parsed.evidence],
        analysis=mask_text(parsed.analysis, person_names),
        discretion={
            "tier": d.tier,
            "tiers_mentioned": d.tiers_mentioned,
            "standards": d.standards,
            "reasons": [mask_text(r, person_names) for r in d.reasons],
            "factors": d.factors,
        },
        violated=_dedupe([_ref(c) for c in parsed.violated]),
        basis=_dedupe([_ref(c) for c in parsed.penalty_basis]),
        penalties=[
            {"kind": p.kind, "amount": str(p.amount) if p.amount is not None else None}
            for p in parsed.penalties
        ],
        fine=parsed.fine,
        confiscated=parsed.confiscated,
        facts_amounts=dict(parsed.facts_amounts),
        problems=list(parsed.problems),
    )

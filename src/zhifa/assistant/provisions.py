"""A violation type's provisions (violated and penalty) resolved to the law text in force at the act date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhifa.assistant.classify_labels import cite_key
from zhifa.precedents.record import Provision
from zhifa.rules.models import Cite, Entry, EntryVersion
from zhifa.rules.numerals import article_label
from zhifa.rules.ports import ArticleResolver


@dataclass(frozen=True)
class ProvisionItem:
    """One provision of the answer: role, citation, label, and its text (None without a law library)."""

    role: str
    cite: Cite
    law_title: str
    text: str | None
    version_date: date | None
    effective_from: date | None

    @property
    def key(self) -> Provision:
        """(normalised law, article): the level decisions are compared at."""
        return cite_key(self.cite)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (schema: docs/assistant-schema.md)."""
        c = self.cite
        return {
            "role": self.role,
            "law_title": self.law_title,
            "article": c.article,
            "article_label": article_label(c.article),
            "paragraph": c.paragraph,
            "item": c.item,
            "label": f"《{self.law_title}》{article_label(c.article, c.paragraph, c.item)}",
            "text": self.text,
            "version_date": self.version_date.isoformat() if self.version_date else None,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
        }


def version_for(entry: Entry, day: date) -> EntryVersion:
    """The entry version in force on day; before the first (after the last) version, the first (last)."""
    found = entry.version_at(day)
    if found is not None:
        return found
    return entry.versions[0] if day < entry.versions[0].valid_from else entry.versions[-1]


def _ordered(cites: tuple[Cite, ...], usage: Mapping[Provision, int]) -> list[Cite]:
    """Distinct citations, the ones decisions of this type cite most first (catalog order otherwise)."""
    distinct = list(dict.fromkeys(cites))
    return sorted(distinct, key=lambda c: (-usage.get(cite_key(c), 0), distinct.index(c)))


def provisions_for(
    entry: Entry,
    day: date,
    resolver: ArticleResolver | None,
    usage: Mapping[str, Mapping[Provision, int]] | None = None,
) -> tuple[list[ProvisionItem], list[ProvisionItem]]:
    """(violated, penalty) provisions of the entry at day, most-cited first, with their text."""
    version = version_for(entry, day)
    usage = usage or {}
    out: dict[str, list[ProvisionItem]] = {"violated": [], "penalty": []}
    for role, cites in (("violated", version.violated), ("penalty", (*version.basis, version.clause.cite))):
        for cite in _ordered(cites, usage.get(role, {})):
            found = (
                resolver.resolve(cite.law, cite.article, cite.paragraph, cite.item, day) if resolver else None
            )
            out[role].append(
                ProvisionItem(
                    role,
                    cite,
                    found.law_title if found else cite.law,
                    found.text if found else None,
                    found.version_date if found else None,
                    found.effective_from if found else None,
                )
            )
    return out["violated"], out["penalty"]

"""What may be published (行政处罚信息公示规定 第二条、第五条至第七条) and the masking of what is.

Reuses the precedent library's masking (zhifa.precedents.masking): natural persons' names become
surname + 某, ID numbers, phones and bank accounts are hidden, addresses kept to the district.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from zhifa.domain.parties import Party, PartyKind
from zhifa.domain.values import Penalty, PenaltyKind
from zhifa.precedents.masking import (
    COMPOUND_SURNAMES,
    looks_like_person_name,
    mask_address,
    mask_person_name,
    mask_text,
)

ADULT_AGE = 18  # 民法典 第十七条
BANK_ACCOUNT_RE = re.compile(r"(?<!\d)\d{12,19}(?!\d)")
PLATE_RE = re.compile(r"([\u4e00-\u9fff][A-Z])[A-Z0-9]{4,5}([A-Z0-9\u4e00-\u9fff])")


def is_minor(party: Party | None, on: date) -> bool:
    """True when the party is a natural person under 18 on `on` (never published)."""
    if party is None or party.kind is PartyKind.ORGANIZATION:
        return False
    age = party.age_on(on)
    return age is not None and age < ADULT_AGE


def warning_only(penalty: Penalty | None) -> bool:
    """True for a decision whose only penalty is a warning (公示规定 第二条: not published)."""
    return penalty is not None and penalty.kinds == frozenset({PenaltyKind.WARNING})


def publishable(party: Party | None, penalty: Penalty | None, on: date) -> bool:
    """A decision goes to publicity unless warning-only or the party is a minor."""
    return not warning_only(penalty) and not is_minor(party, on)


def published_name(party: Party) -> str:
    """The party's name as published: organisations and 个体工商户 by name, natural persons masked."""
    if party.kind is PartyKind.PERSON or looks_like_person_name(party.name):
        return mask_person_name(party.name)
    return party.name


def mask_free_text(text: str, names: list[str]) -> str:
    """Mask ID numbers, phones, bank accounts, vehicle plates and the given personal names in free text."""
    out = mask_text(text, names)
    out = BANK_ACCOUNT_RE.sub(lambda m: m.group(0)[:4] + "*" * (len(m.group(0)) - 8) + m.group(0)[-4:], out)
    return PLATE_RE.sub(lambda m: m.group(1) + "***" + m.group(2), out)


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return dict(yaml.safe_load(Path(__file__).with_name("masking.yaml").read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    rules = _rules()

    def alt(words: list[str]) -> str:
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))

    name, note = r"([\u4e00-\u9fff·]{2,})", r"(?:[（(][^）)]{0,20}[）)])?"
    return re.compile(
        rf"(?:{alt(rules['titles'])}){note}([:：]?)\s*{name}|(?:{alt(rules['fields'])}){note}([:：])\s*{name}"
    )


def _surname_ok(name: str) -> bool:
    return name[0] in _rules()["surnames"] or name[:2] in COMPOUND_SURNAMES


def labelled_names(text: str) -> list[str]:
    """Personal names that follow a label of masking.yaml (法定代表人：张三 …); for a run of characters
    longer than a name, its 3- and 2-character beginnings (over-masking rather than a leak)."""
    found = []
    for m in _label_re().finditer(text):
        colon, run = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
        cands = [run, run[:3], run[:2]] if len(run) <= 4 else [run[:3], run[:2]]
        for c in dict.fromkeys(cands):  # after a colon the label vouches for a name; else the surname must
            if len(c) >= 2 and looks_like_person_name(c) and (colon or _surname_ok(c)):
                found.append(c)
    return found


def mask_published_text(text: str, names: list[str]) -> str:
    """Free text for publicity: `names` and every labelled personal name masked, numbers hidden."""
    return mask_free_text(text, [*names, *labelled_names(text)])


def public_party(party: Party | None) -> dict[str, Any]:
    """The party block of a publicity payload: no ID number, address kept to the district."""
    if party is None:
        return {}
    out: dict[str, Any] = {"kind": party.kind.value, "name": published_name(party)}
    if party.uscc:
        out["uscc"] = party.uscc  # the code of a market entity is public (公示规定 第四条)
    if party.address:
        out["address"] = mask_address(party.address)
    return out


def person_names(party: Party | None) -> list[str]:
    """Personal names to mask in free text: the party's, when a natural person's."""
    if party is not None and (party.kind is PartyKind.PERSON or looks_like_person_name(party.name)):
        return [party.name]
    return []

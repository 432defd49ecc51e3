"""What may be published (行政处罚信息公示规定 第二条、第五条至第七条) and the masking of what is.

Reuses the precedent library's masking (zhifa.precedents.masking): natural persons' names become
surname + 某, ID numbers and phones are hidden, addresses kept to the district; landlines, bank accounts,
home addresses, minors' information and business secrets: zhifa.integrations.text_masking.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from zhifa.domain.parties import Party, PartyKind
from zhifa.domain.values import Penalty, PenaltyKind
from zhifa.integrations import text_masking as tm
from zhifa.precedents.masking import looks_like_person_name, mask_address, mask_person_name, mask_text

ADULT_AGE = 18  # 民法典 第十七条
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
    """Mask ID numbers, phones, landlines, bank accounts, vehicle plates and the given names in free text."""
    out = tm.mask_numbers(mask_text(text, names))
    return PLATE_RE.sub(lambda m: m.group(1) + "***" + m.group(2), out)


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    rules, alt = tm.rules(), tm.alternation
    name, note = r"([\u4e00-\u9fff·]{2,})", r"(?:[（(][^）)]{0,20}[）)])?"
    return re.compile(
        rf"(?:{alt(rules['titles'])}){note}([:：]?)\s*{name}|(?:{alt(rules['fields'])}){note}([:：])\s*{name}"
    )


def labelled_names(text: str) -> list[str]:
    """Personal names that follow a label of masking.yaml (法定代表人：张三 …); for a run of characters
    longer than a name, its 3- and 2-character beginnings (over-masking rather than a leak)."""
    found = []
    for m in _label_re().finditer(text):
        colon, run = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
        cands = [run, run[:3], run[:2]] if len(run) <= 4 else [run[:3], run[:2]]
        for c in dict.fromkeys(cands):  # after a colon the label vouches for a name; else the surname must
            if len(c) >= 2 and looks_like_person_name(c) and (colon or tm.surname_ok(c)):
                found.append(c)
    return found


def mask_published_text(
    text: str, names: list[str], addresses: list[str] | None = None, person_party: bool = False
) -> str:
    """Free text for publicity: business secrets removed; `names`, every labelled personal name and minors'
    names masked, minors' details removed; numbers hidden; `addresses` and labelled home addresses (the
    party block's 住所 too when `person_party`) kept to the district."""
    text = tm.remove_business_secrets(text)
    out = tm.mask_minor_details(text)
    out = mask_free_text(out, [*names, *labelled_names(text), *tm.minor_names(text)])
    return tm.mask_home_addresses(out, addresses or [], person_party)


def text_masker(party: Party | None) -> Callable[[str], str]:
    """The masking of free text for a publicity payload about `party`."""
    names = person_names(party)
    person = bool(names) or (party is not None and party.kind is PartyKind.PERSON)
    addresses = [party.address] if party is not None and person and party.address else []
    return lambda text: mask_published_text(text, names, addresses, person)


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

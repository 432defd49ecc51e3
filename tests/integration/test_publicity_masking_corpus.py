"""Masking for publicity on all the real decisions of the data directory (公示规定 第五条至第七条): no natural
person's full name that a decision names as party or representative survives in the masked text, nor an ID
number, a phone (mobile or landline), a bank account, or the rest of a natural person's address."""

from __future__ import annotations

import re
from pathlib import Path

from zhifa.integrations.publicity import mask_published_text
from zhifa.integrations.text_masking import GROUPED_ACCOUNT_RE, LANDLINE_RE, LONG_NUMBER_RE
from zhifa.precedents.extract import extract_file
from zhifa.precedents.masking import ID_NUMBER_RE, PHONE_RE, looks_like_person_name, mask_address
from zhifa.precedents.parse import parse_decision
from zhifa.precedents.party import NATURAL_PERSON

MASKED = re.compile(r"[*＊某×]")


def _numbers_left(masked: str) -> list[str]:
    """Phones, ID numbers and accounts still readable in the masked text (a public credit code excepted)."""
    left = [m.group(0) for m in (*ID_NUMBER_RE.finditer(masked), *PHONE_RE.finditer(masked))]
    left += [m.group(0) for m in LANDLINE_RE.finditer(masked) if "*" not in m.group(0)]
    left += [m.group(0) for m in LONG_NUMBER_RE.finditer(masked)]
    return left + [
        m.group(0)
        for m in GROUPED_ACCOUNT_RE.finditer(masked)
        if "代码" not in masked[m.start() - 12 : m.start()]
    ]


def test_no_full_name_of_a_natural_person_survives_masking(data_dir: Path) -> None:
    checked = names_seen = addresses_seen = 0
    for path in sorted((data_dir / "decisions").rglob("*.pdf")):
        try:
            text = extract_file(path)
        except Exception:  # blank forms and broken files: the precedent tests account for them
            continue
        party = parse_decision(text).party
        if party is None:
            continue
        names = [n for n in (party.representative,) if n and looks_like_person_name(n)]
        person = party.kind == NATURAL_PERSON
        if person or looks_like_person_name(party.name):
            names.append(party.name)
        names = [n for n in names if not MASKED.search(n)]  # the source already masked it
        party_names = [party.name] if party.name in names else []
        home = party.address if person and party.address and not MASKED.search(party.address) else None
        masked = mask_published_text(text, party_names, [home] if home else [], person)
        checked += 1
        names_seen += len([n for n in names if n in text])
        for name in names:
            assert name not in masked, (path.name, name)
        assert not _numbers_left(masked), (path.name, _numbers_left(masked))
        if home and mask_address(home) != home and home in text:
            addresses_seen += 1
            assert home not in masked, (path.name, home)
    print(f"{checked} decisions, {names_seen} names, {addresses_seen} home addresses checked")
    assert checked >= 580 and names_seen >= 450, (checked, names_seen)

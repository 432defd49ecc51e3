"""Masking for publicity on the real decisions of the data directory (公示规定 第五条至第七条): no natural
person's full name that a decision names as party or representative survives in the masked text."""

from __future__ import annotations

import re
from pathlib import Path

from zhifa.integrations.publicity import mask_published_text
from zhifa.precedents.extract import extract_file
from zhifa.precedents.masking import ID_NUMBER_RE, PHONE_RE, looks_like_person_name
from zhifa.precedents.parse import parse_decision
from zhifa.precedents.party import NATURAL_PERSON

MASKED = re.compile(r"[*＊某×]")
SAMPLE = 120  # the first decisions in file order; the names come from the precedent parser


def test_no_full_name_of_a_natural_person_survives_masking(data_dir: Path) -> None:
    checked = names_seen = 0
    for path in sorted((data_dir / "decisions").rglob("*.pdf"))[:SAMPLE]:
        try:
            text = extract_file(path)
        except Exception:  # blank forms and broken files: the precedent tests account for them
            continue
        party = parse_decision(text).party
        if party is None:
            continue
        names = [n for n in (party.representative,) if n and looks_like_person_name(n)]
        if party.kind == NATURAL_PERSON or looks_like_person_name(party.name):
            names.append(party.name)
        names = [n for n in names if not MASKED.search(n)]  # the source already masked it
        party_names = [party.name] if party.name in names else []
        masked = mask_published_text(text, party_names)
        checked += 1
        names_seen += len([n for n in names if n in text])
        for name in names:
            assert name not in masked, (path.name, name)
        assert not ID_NUMBER_RE.search(masked) and not PHONE_RE.search(masked), path.name
    print(f"{checked} decisions, {names_seen} names checked")
    assert checked >= 90 and names_seen >= 50, (checked, names_seen)

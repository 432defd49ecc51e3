"""Every natural person named in a precedent is masked, not only the party: legal representatives, agents,
witnesses and others who follow a label (法定代表人：…, 委托代理人…, 证人…), with the same label list and
the same 张某 form as the publicity masking (integrations/masking.yaml, 公示规定 第六条)."""

from __future__ import annotations

from collections.abc import Iterable

from zhifa.integrations.publicity import labelled_names
from zhifa.integrations.text_masking import surname_ok
from zhifa.precedents.masking import mask_text

# A label followed by a conjunction or preposition ("委托代理人和被委托人…") names nobody.
FUNCTION_CHARS = frozenset("和与及或在对由为将其该等被向从以")


def named_people(texts: Iterable[str]) -> list[str]:
    """Personal names following a label in any of the texts; already masked names (张某) and ordinary
    words after a label ("经营者应当以…" gives 应当, 应当以) are left out."""
    from zhifa.search.tokenize import is_word

    found: list[str] = []
    for text in texts:
        for name in labelled_names(text):
            masked = "某" in name or "*" in name
            if masked or name[0] in FUNCTION_CHARS or not surname_ok(name) or is_word(name[:2]):
                continue
            if name not in found:
                found.append(name)
    return found


def mask_people(text: str, names: Iterable[str]) -> str:
    """The text with each of those names as surname + 某."""
    return mask_text(text, tuple(names)) if text else text

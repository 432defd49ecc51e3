"""Discretion notes of a decision: the tier decided, the 裁量基准 cited, the reasons and the cues."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhifa.precedents.cues import cue_factors
from zhifa.precedents.provisions import mask_quotes, normalise_law_title

TIERS = ("不予处罚", "减轻", "从轻", "一般", "从重")
_TIER = re.compile(
    r"(不予(?:行政)?处罚|免予(?:行政)?处罚|减轻(?:行政)?处罚|从轻(?:行政)?处罚|从重(?:行政)?处罚"
    r"|(?:予以|给予|作出|决定|依法)?(?:从轻|减轻|从重)(?:处罚|处理|的)?|一般(?:处罚|情形|违法|裁量)|不予罚款)"
)
_DECIDING = re.compile(r"(?:决定|予以|给予|作出|依法|可以|应当|对当事人|对其)[^。；，]{0,12}$")
_EITHER = re.compile(r"从轻或者?减轻|从轻、减轻|减轻或者?从轻|从轻或者?不予|不予或者?从轻")
_STANDARD = re.compile(
    r"《([^《》\n]{4,80}?(?:裁量|基准|清单|轻微违法|不予处罚|免罚|减轻处罚|从轻处罚)[^《》\n]{0,40})》"
)
_REASON = re.compile(
    r"[^。；\n]*(?:鉴于|考虑到|综合考虑|由于当事人|因当事人|当事人具有|具有[^。；\n]{0,10}情形)[^。\n]*"
)


@dataclass
class Discretion:
    """Tier decided (one of TIERS or None), standards cited, reason sentences and cue factor ids."""

    tier: str | None = None
    tiers_mentioned: list[str] = field(default_factory=list)
    standards: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)


def _tier_of(word: str) -> str:
    if "不予" in word or "免予" in word:
        return "不予处罚"
    for tier in ("减轻", "从轻", "从重", "一般"):
        if tier in word:
            return tier
    return "一般"


def read_discretion(text: str) -> Discretion:
    """Read the discretion notes from the analysis and decision parts of a decision."""
    masked = mask_quotes(text)
    notes = Discretion()
    decided: str | None = None
    for m in _TIER.finditer(masked):
        if _EITHER.match(masked, max(0, m.start() - 4)) or _EITHER.search(
            masked[max(0, m.start() - 4) : m.end() + 4]
        ):
            continue
        tier = _tier_of(m.group(0))
        if tier not in notes.tiers_mentioned:
            notes.tiers_mentioned.append(tier)
        if _DECIDING.search(masked[max(0, m.start() - 14) : m.start()]) or m.group(0).startswith(
            ("予以", "给予", "作出", "决定", "依法")
        ):
            decided = tier
    notes.tier = decided or (notes.tiers_mentioned[-1] if notes.tiers_mentioned else None)
    for m in _STANDARD.finditer(text):
        title = normalise_law_title(m.group(1))
        if title not in notes.standards:
            notes.standards.append(title)
    for m in _REASON.finditer(masked):
        sentence = text[m.start() : m.end()].strip("，, ")
        if sentence and sentence not in notes.reasons and len(notes.reasons) < 4:
            notes.reasons.append(sentence[:300])
    notes.factors = cue_factors(masked)
    return notes

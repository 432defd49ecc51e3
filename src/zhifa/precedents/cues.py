"""Circumstance cues (首次, 主动改正, 拒不配合, 未成年人 ...) found in text, mapped to discretion factors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from zhifa.errors import ConfigurationError

EFFECTS = ("mitigating", "aggravating", "exempting")
_NEGATION = re.compile(r"(?:未|没有|不属于|并非|非|无|不是|不存在|不具有|不符合)$")


@dataclass(frozen=True)
class Cue:
    """A circumstance factor and the words that signal it."""

    id: str
    name: str
    effect: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class CueHit:
    """A cue found in text: factor id, the matched words and their position."""

    factor: str
    name: str
    effect: str
    text: str
    start: int


def _load(raw: Any) -> tuple[Cue, ...]:
    if not isinstance(raw, list):
        raise ConfigurationError("cues.yaml 格式错误：应为列表", code="bad_cues")
    cues: list[Cue] = []
    seen: set[str] = set()
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"id", "name", "effect", "patterns"}:
            raise ConfigurationError(f"cues.yaml 条目字段错误：{entry}", code="bad_cues")
        if entry["id"] in seen or entry["effect"] not in EFFECTS or not entry["patterns"]:
            raise ConfigurationError(f"cues.yaml 条目无效：{entry['id']}", code="bad_cues")
        seen.add(entry["id"])
        cues.append(
            Cue(entry["id"], entry["name"], entry["effect"], tuple(str(p) for p in entry["patterns"]))
        )
    return tuple(cues)


@lru_cache(maxsize=1)
def load_cues() -> tuple[Cue, ...]:
    """Return the cue list from data/cues.yaml (validated)."""
    text = resources.files("zhifa.precedents").joinpath("data/cues.yaml").read_text(encoding="utf-8")
    return _load(yaml.safe_load(text))


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, Cue]]:
    by_word = {word: cue for cue in load_cues() for word in cue.patterns}
    words = sorted(by_word, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), by_word


def find_cues(text: str) -> list[CueHit]:
    """Return the cues found in text (negated mentions skipped), in order of appearance."""
    pattern, by_word = _pattern()
    hits: list[CueHit] = []
    for m in pattern.finditer(text):
        if _NEGATION.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        cue = by_word[m.group(0)]
        hits.append(CueHit(cue.id, cue.name, cue.effect, m.group(0), m.start()))
    return hits


def cue_factors(text: str) -> list[str]:
    """Return the distinct factor ids signalled in text, in order of first appearance."""
    return list(dict.fromkeys(hit.factor for hit in find_cues(text)))

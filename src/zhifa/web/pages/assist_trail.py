"""The assistant's reasoning trail in words: step notes and values with type names, no codes.

The JSON answer keeps ids and codes for machines; the page shows names (the id on hover where useful) and
leaves out internal keys (profile and party-type codes, empty values, flags that only steer the code)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zhifa.web.pages.assist_case import AMOUNT_FIELDS, TRAIL_LABELS

HIDDEN = frozenset({"step", "note", "profile", "party_type", "named_by_pattern", "error", "trail"})
METHODS = {"precedent_mode": "相似判例罚款众数", "engine": "裁量基准建议"}


def _text(key: str, value: Any, type_names: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "top":
        return "；".join(f"{type_names.get(str(t), '其他类型')} {round(float(p) * 100)}%" for t, p in value)
    if key == "method":
        return METHODS.get(str(value), str(value))
    if isinstance(value, Mapping):
        return "；".join(
            f"{AMOUNT_FIELDS.get(str(k), TRAIL_LABELS.get(str(k), str(k)))} {v}" for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return "；".join(str(v) for v in value)
    return str(type_names.get(value, value)) if isinstance(value, str) else str(value)


def rows(values: Mapping[str, Any], type_names: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, words) for the keys of a trail step or of the engine's parameters that carry meaning."""
    out = []
    for key, value in values.items():
        if key in HIDDEN or value is None or value == "" or value == {} or value == []:
            continue
        label = TRAIL_LABELS.get(key)
        if label is None:
            continue  # an internal key with no Chinese name: left to the JSON answer
        out.append((label, _text(key, value, type_names)))
    return out


def note(step: Mapping[str, Any], type_names: Mapping[str, str]) -> str:
    """The step's note with any violation-type id replaced by its name."""
    text = str(step.get("note") or "")
    for type_id, name in type_names.items():
        if type_id in text:
            text = text.replace(type_id, name)
    return text

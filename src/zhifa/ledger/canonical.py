"""Canonical bytes: JSON with sorted keys, compact separators, UTF-8, Decimal as strings, UTC ISO-8601 times.

`canonical_bytes(obj)` is the only serialisation that is ever hashed. Floats are refused (use Decimal:
an amount must hash the same everywhere), naive datetimes are refused (the zone would be a guess),
mapping keys must be strings. `utc_iso(dt)` renders `2026-11-25T08:30:00.000000Z`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from zhifa.errors import ValidationFailed

JsonValue = None | bool | int | str | list["JsonValue"] | dict[str, "JsonValue"]

_encoder = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False, check_circular=False
)


def utc_iso(moment: datetime) -> str:
    """Render an aware datetime as UTC ISO-8601 with microseconds and a trailing Z."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationFailed("时间必须带时区（不能使用无时区的时间）", code="naive_datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def utc_now() -> str:
    """The current time as canonical UTC ISO-8601."""
    return utc_iso(datetime.now(UTC))


def normalize(value: Any, path: str = "$") -> JsonValue:
    """Convert a payload to plain JSON values (Decimal→str, datetime→UTC ISO); refuse ambiguous types."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Enum):
        return normalize(value.value, path)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationFailed(f"{path}：数值必须是有限数", code="bad_number")
        return str(value)
    if isinstance(value, float):
        raise ValidationFailed(
            f"{path}：不接受浮点数，请使用 Decimal（金额须精确）", code="float_not_allowed"
        )
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        out: dict[str, JsonValue] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValidationFailed(f"{path}：字段名必须是字符串", code="bad_key")
            out[key] = normalize(item, f"{path}.{key}")
        return out
    if isinstance(value, list | tuple):
        return [normalize(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise ValidationFailed(f"{path}：不支持的数据类型 {type(value).__name__}", code="bad_type")


def dumps(value: JsonValue) -> str:
    """Canonical JSON text of already-normalized values."""
    return _encoder.encode(value)


def canonical_bytes(value: Any) -> bytes:
    """Canonical UTF-8 bytes of any supported value (normalizes first)."""
    try:
        return dumps(normalize(value)).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationFailed("文本含有无效的 Unicode 字符", code="bad_unicode") from exc

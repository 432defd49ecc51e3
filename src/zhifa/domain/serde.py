"""Base class of events and the JSON-safe codec (Decimal → str, date → ISO, enums → value)."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, Self

from zhifa.errors import ValidationFailed

EVENT_TYPES: dict[str, type[Event]] = {}


_HINTS: dict[type, dict[str, Any]] = {}


def type_hints(tp: type) -> dict[str, Any]:
    """The resolved annotations of a dataclass (classes are immutable, so resolved once per class)."""
    hints = _HINTS.get(tp)
    if hints is None:
        hints = _HINTS[tp] = typing.get_type_hints(tp)
    return hints


def encode(value: Any) -> Any:
    """Turn a value into JSON-safe data."""
    if value is None or (isinstance(value, bool | int) and not isinstance(value, Enum)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(encode(v) for v in value)
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        to_payload = getattr(value, "to_payload", None)
        if callable(to_payload):
            return to_payload()
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"cannot encode {type(value).__name__}")


def decode(tp: Any, raw: Any) -> Any:
    """Rebuild a value of annotated type `tp` from JSON-safe data."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        if raw is None:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return decode(inner, raw)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], r) for r in raw)
        return tuple(decode(a, r) for a, r in zip(args, raw, strict=True))
    if origin is frozenset:
        return frozenset(decode(args[0], r) for r in raw)
    if tp is Decimal:
        return Decimal(str(raw))
    if tp is date:
        return date.fromisoformat(raw)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(raw)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        from_payload = getattr(tp, "from_payload", None)
        if callable(from_payload):
            return from_payload(raw)
        hints = type_hints(tp)
        return tp(**{f.name: decode(hints[f.name], raw[f.name]) for f in dataclasses.fields(tp) if f.init})
    if tp in (str, int, bool):
        if not isinstance(raw, tp):
            raise ValidationFailed(f"事件数据类型错误：期望 {tp.__name__}", code="bad_event_payload")
        return raw
    raise TypeError(f"cannot decode {tp!r}")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """A past-tense fact about a case. `by` is the acting user's id, `on` the day it was recorded."""

    type: ClassVar[str] = ""
    label: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1
    signed: ClassVar[bool] = False  # a sign-off: the ledger must carry the actor's SM2 signature

    by: int
    on: date

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.type = cls.__name__
        EVENT_TYPES[cls.__name__] = cls

    def to_payload(self) -> dict[str, Any]:
        """JSON-safe payload (without type and schema_version)."""
        return {f.name: encode(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        """Rebuild the event from `to_payload` output."""
        hints = type_hints(cls)
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(payload) - names
        if unknown:
            raise ValidationFailed(f"事件 {cls.type} 含未知字段：{sorted(unknown)}", code="bad_event_payload")
        kwargs = {name: decode(hints[name], payload[name]) for name in names if name in payload}
        return cls(**kwargs)

    def to_record(self) -> tuple[str, int, dict[str, Any]]:
        """(type, schema_version, payload) as the ledger stores it."""
        return self.type, self.schema_version, self.to_payload()


def event_from_record(type_: str, schema_version: int, payload: dict[str, Any]) -> Event:
    """Rebuild an event from a ledger record; unknown types or versions are refused."""
    cls = EVENT_TYPES.get(type_)
    if cls is None:
        raise ValidationFailed(f"未知的事件类型：{type_}", code="unknown_event_type")
    if schema_version != cls.schema_version:
        raise ValidationFailed(
            f"事件 {type_} 的版本 {schema_version} 不受支持（当前 {cls.schema_version}）",
            code="unsupported_event_version",
        )
    return cls.from_payload(payload)

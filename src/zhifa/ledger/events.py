"""Ledger events: what callers append (`NewEvent`) and what is stored (`Record`), plus the record hash.

Record hash = SM3(canonical bytes of {stream_id, seq, type, schema_version, payload, recorded_at,
actor, prev_hash}); the first record of a stream has prev_hash = GENESIS_HASH (64 zeros).
A signed record carries an SM2 signature over the 32 hash bytes and the signer's key_id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zhifa.errors import ValidationFailed
from zhifa.ledger.canonical import JsonValue, dumps, normalize
from zhifa.ledger.sm import sm3

GENESIS_HASH = "0" * 64
_TYPE_RE = re.compile(r"^[A-Z][A-Za-z0-9]{1,63}$")
_USER_ACTOR_RE = re.compile(r"^user:(\d+)$")


def user_actor(user_id: int) -> str:
    """The actor string of a user: `user:<id>` (stable, unlike usernames)."""
    return f"user:{user_id}"


def actor_user_id(actor: str) -> int | None:
    """The user id in a `user:<id>` actor string, else None."""
    match = _USER_ACTOR_RE.match(actor)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class NewEvent:
    """An event to append: past-tense type, JSON-able payload, actor; sign=True for sign-offs."""

    type: str
    payload: Mapping[str, Any]
    actor: str
    sign: bool = False
    schema_version: int = 1

    @classmethod
    def by_user(cls, user_id: int, type: str, payload: Mapping[str, Any], sign: bool = False) -> NewEvent:
        """An event done by a user (actor `user:<id>`); sign=True has it signed with that user's key."""
        return cls(type=type, payload=payload, actor=user_actor(user_id), sign=sign)

    def signer_user_id(self) -> int:
        """The user whose key signs this event."""
        uid = actor_user_id(self.actor)
        if uid is None:
            raise ValidationFailed(
                f"需要签名的事件 {self.type} 的操作人必须是用户（user:<编号>），而不是 {self.actor!r}",
                code="signer_not_user",
            )
        return uid

    def check(self) -> dict[str, JsonValue]:
        """Validate and return the normalized payload (raises ValidationFailed)."""
        if not _TYPE_RE.match(self.type):
            raise ValidationFailed(
                f"事件类型 {self.type!r} 不合规：须为英文过去式驼峰名", code="bad_event_type"
            )
        if not self.actor or len(self.actor) > 64:
            raise ValidationFailed("事件必须有操作人（不超过 64 个字符）", code="bad_actor")
        if not isinstance(self.payload, Mapping):
            raise ValidationFailed("事件内容必须是键值对象", code="bad_payload")
        if self.schema_version < 1:
            raise ValidationFailed("schema_version 必须是正整数", code="bad_schema_version")
        payload = normalize(self.payload, "payload")
        assert isinstance(payload, dict)
        return payload


@dataclass(frozen=True)
class Record:
    """A stored ledger record; `payload_json` is the canonical JSON text exactly as stored."""

    stream_id: str
    seq: int
    type: str
    schema_version: int
    payload_json: str
    recorded_at: str
    actor: str
    prev_hash: str
    hash: str
    signature: str | None = None  # hex DER
    key_id: str | None = None
    seal: str | None = None  # HMAC-SM3 server seal (zhifa.ledger.seal)
    _payload: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def payload(self) -> dict[str, Any]:
        """The payload as a dict (Decimals appear as strings, times as UTC ISO strings)."""
        if self._payload is not None:
            return self._payload
        value = json.loads(self.payload_json)
        return value if isinstance(value, dict) else {"_": value}

    @property
    def signed(self) -> bool:
        """True when the record carries a signature."""
        return self.signature is not None


def hash_input(
    stream_id: str,
    seq: int,
    type: str,
    schema_version: int,
    payload: JsonValue,
    recorded_at: str,
    actor: str,
    prev_hash: str,
) -> bytes:
    """Canonical bytes that the record hash covers."""
    doc: dict[str, JsonValue] = {
        "actor": actor,
        "payload": payload,
        "prev_hash": prev_hash,
        "recorded_at": recorded_at,
        "schema_version": schema_version,
        "seq": seq,
        "stream_id": stream_id,
        "type": type,
    }
    return dumps(doc).encode("utf-8")


def compute_hash(
    stream_id: str,
    seq: int,
    type: str,
    schema_version: int,
    payload: JsonValue,
    recorded_at: str,
    actor: str,
    prev_hash: str,
) -> str:
    """Hex SM3 record hash."""
    data = hash_input(stream_id, seq, type, schema_version, payload, recorded_at, actor, prev_hash)
    return sm3(data).hex()


def check_stream_id(stream_id: str) -> None:
    """Stream ids are 1–64 printable characters without spaces."""
    if not stream_id or len(stream_id) > 64 or not stream_id.isprintable() or " " in stream_id:
        raise ValidationFailed(
            f"账本流编号 {stream_id!r} 不合规（1–64 个字符，不含空格）", code="bad_stream_id"
        )

"""Server seals: HMAC-SM3 over every record hash and over each stream's head.

The hash chain alone lets someone with write access to the database rewrite the records after the last
signed one and recompute every hash, or cut records off the end of a stream. A seal is a keyed MAC that
only the server (holding the secret, never stored in the database) can compute:
- record seal = HMAC-SM3(K, "record" ‖ stream_id ‖ seq ‖ hash) on every record;
- head seal = HMAC-SM3(K, "head" ‖ stream_id ‖ seq ‖ hash) on the stream's last record, kept in a
  separate head row that is updated on each append, so a truncated tail no longer matches its head.
K = HMAC-SM3(secret, "zhifa/ledger-seal/v1"). Sign-offs additionally carry the user's SM2 signature,
which is what gives non-repudiation; seals only make tampering by a database user detectable.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from zhifa.ledger.canonical import dumps

_LABEL = b"zhifa/ledger-seal/v1"


def _sm3_factory() -> Any:
    return hashlib.new("sm3")


@dataclass(frozen=True)
class Head:
    """The sealed head of one stream: last seq and last hash."""

    stream_id: str
    seq: int
    hash: str
    seal: str


class Sealer:
    """Computes and checks seals with a key derived from the server secret."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("seal secret must not be empty")
        self._key = hmac.new(secret.encode("utf-8"), _LABEL, _sm3_factory).digest()

    def _mac(self, kind: str, stream_id: str, seq: int, record_hash: str) -> str:
        message = dumps([kind, stream_id, seq, record_hash]).encode("utf-8")
        return hmac.new(self._key, message, _sm3_factory).hexdigest()

    def record_seal(self, stream_id: str, seq: int, record_hash: str) -> str:
        """Seal of one record."""
        return self._mac("record", stream_id, seq, record_hash)

    def head(self, stream_id: str, seq: int, record_hash: str) -> Head:
        """A sealed head for the stream's last record."""
        return Head(stream_id, seq, record_hash, self._mac("head", stream_id, seq, record_hash))

    def record_ok(self, stream_id: str, seq: int, record_hash: str, seal: str | None) -> bool:
        """True when the record's seal is present and right."""
        return seal is not None and hmac.compare_digest(seal, self.record_seal(stream_id, seq, record_hash))

    def head_ok(self, head: Head) -> bool:
        """True when the head's seal is right."""
        expected = self._mac("head", head.stream_id, head.seq, head.hash)
        return hmac.compare_digest(head.seal, expected)

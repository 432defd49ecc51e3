"""Signing and verification for the case services, with process-wide caches (hot path of every sign-off).

- `CachingSigner(session)`: the local per-user SM2 keys (created on first use, sealed at rest), but the
  active key id and the unsealed private key are kept per process for `KEY_TTL` seconds, so a sign-off
  costs one SM2 signature instead of two queries and an SM4 unseal. A revoked key stops being used at
  the latest `KEY_TTL` seconds after revocation (in other processes; at once in this one). A key created
  by the current transaction is not shared between requests (that transaction may roll back); one read
  from the database was committed by another and is cached at once.
- `CachingChecker(session)`: offline verification as `SignatureChecker`, remembering successful checks of
  (record hash, signature, key, actor) for `CHECK_TTL` seconds; any change in storage changes the inputs,
  so a tampered record is always checked afresh.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from zhifa.config import get_settings
from zhifa.ledger import SignatureChecker, sm
from zhifa.ledger.signing import new_key
from zhifa.store.ledger_repo import SqlKeyStore

KEY_TTL = 60.0
CHECK_TTL = 300.0
_lock = threading.Lock()
# per database (engine): user id → (key id, private key, expires); successful checks → expires
_active: weakref.WeakKeyDictionary[Engine, dict[int, tuple[str, Any, float]]] = weakref.WeakKeyDictionary()
_checked: weakref.WeakKeyDictionary[Engine, dict[tuple[str, str, bytes, int | None, str], float]] = (
    weakref.WeakKeyDictionary()
)


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def forget_user_key(user_id: int) -> None:
    """Drop the cached key of a user in every database (after revocation or rotation in this process)."""
    with _lock:
        for keys in _active.values():
            keys.pop(user_id, None)


class CachingSigner:
    """Signer port over user_keys with a per-process cache of unsealed active keys."""

    def __init__(self, session: Session, secret: str | None = None) -> None:
        self.keys = SqlKeyStore(session)
        self._secret = secret or get_settings().key_encryption_secret
        self._fresh: dict[int, tuple[str, Any]] = {}
        with _lock:
            self._cache = _active.setdefault(_engine(session), {})

    def _load(self, user_id: int) -> tuple[str, Any]:
        now = time.monotonic()
        with _lock:
            hit = self._cache.get(user_id)
        if hit is not None and hit[2] > now:
            return hit[0], hit[1]
        fresh = self._fresh.get(user_id)
        if fresh is not None:
            return fresh
        key = self.keys.active_key(user_id)
        if key is None:
            key = new_key(user_id, self._secret)
            self.keys.add(key)
        private = sm.open_private_key(key.encrypted_private_key, self._secret, key.key_id, user_id)
        if key.key_id in self.keys.created_here():
            # created by this very transaction, which may still roll back: not shared yet
            self._fresh[user_id] = (key.key_id, private)
            return key.key_id, private
        with _lock:
            self._cache[user_id] = (key.key_id, private, now + KEY_TTL)
        return key.key_id, private

    def ensure_user_key(self, user_id: int) -> str:
        """The user's active key id (created when missing)."""
        return self._load(user_id)[0]

    def sign(self, user_id: int, digest: bytes) -> tuple[bytes, str]:
        """SM2-sign the record hash with the user's active key."""
        key_id, private = self._load(user_id)
        return sm.sign(private, digest), key_id


class CachingChecker(SignatureChecker):
    """SignatureChecker that remembers successful checks for a while."""

    def __init__(self, session: Session) -> None:
        super().__init__(SqlKeyStore(session))
        with _lock:
            self._done = _checked.setdefault(_engine(session), {})

    def check(
        self, key_id: str, signature_hex: str, digest: bytes, user_id: int | None, recorded_at: str = ""
    ) -> str | None:
        """None when valid, else the Chinese reason (see SignatureChecker.check)."""
        cache_key = (key_id, signature_hex, digest, user_id, recorded_at)
        now = time.monotonic()
        with _lock:
            expires = self._done.get(cache_key)
        if expires is not None and expires > now:
            return None
        problem = super().check(key_id, signature_hex, digest, user_id, recorded_at)
        if problem is None:
            with _lock:
                if len(self._done) > 100_000:
                    self._done.clear()
                self._done[cache_key] = now + CHECK_TTL
        return problem

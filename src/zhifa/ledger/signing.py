"""The Signer port and its local implementation (per-user SM2 keys, private keys sealed at rest).

- `Signer.sign(user_id, digest) -> (signature_der, key_id)`; `Signer.ensure_user_key(user_id) -> key_id`.
  `LocalSigner(keys, secret)` creates a key on first use when the user has none. A third-party
  signing service (HTTP, HSM) implements the same Protocol; none is provided here on purpose.
- `KeyStore` holds `StoredKey` rows: `MemoryKeyStore` here, `SqlKeyStore` in zhifa.store.ledger_repo.
- `SignatureChecker(keys)` verifies offline from public keys only (`KeyLookup.get(key_id)`).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from zhifa.errors import NotFound
from zhifa.ledger import sm
from zhifa.ledger.canonical import utc_iso


@dataclass(frozen=True)
class StoredKey:
    """One user's SM2 key: public PEM, sealed private key, lifetime."""

    key_id: str
    user_id: int
    public_key_pem: str
    encrypted_private_key: str
    created_at: datetime
    revoked_at: datetime | None = None


@functools.lru_cache(maxsize=4096)
def _parsed(public_key_pem: str) -> tuple[Any, str]:
    """The public key of a PEM and its fingerprint ((None, "") when it does not parse). A pure function
    of the PEM text, so it is cached by that text (parsing costs more than the verification itself)."""
    try:
        return sm.load_public_pem(public_key_pem), sm.key_fingerprint(public_key_pem)
    except Exception:
        return None, ""


class KeyLookup(Protocol):
    """Find a key by id (all that offline verification needs)."""

    def get(self, key_id: str) -> StoredKey | None:
        """The key with this id, or None."""
        ...


class KeyStore(KeyLookup, Protocol):
    """Persistence of user keys."""

    def active_key(self, user_id: int) -> StoredKey | None:
        """The newest unrevoked key of the user, or None."""
        ...

    def add(self, key: StoredKey) -> None:
        """Store a new key."""
        ...


class Signer(Protocol):
    """Signs a digest on behalf of a user; returns (DER signature, key_id)."""

    def sign(self, user_id: int, digest: bytes) -> tuple[bytes, str]:
        """Sign digest with the user's current key."""
        ...

    def ensure_user_key(self, user_id: int) -> str:
        """Make sure the user has a key; return its key_id."""
        ...


class MemoryKeyStore:
    """Keys in a dict (tests, in-memory ledger)."""

    def __init__(self) -> None:
        self._keys: dict[str, StoredKey] = {}
        self._lock = threading.Lock()

    def get(self, key_id: str) -> StoredKey | None:
        """The key with this id, or None."""
        return self._keys.get(key_id)

    def active_key(self, user_id: int) -> StoredKey | None:
        """The newest unrevoked key of the user, or None."""
        keys = [k for k in self._keys.values() if k.user_id == user_id and k.revoked_at is None]
        return max(keys, key=lambda k: k.created_at) if keys else None

    def add(self, key: StoredKey) -> None:
        """Store a new key."""
        with self._lock:
            self._keys[key.key_id] = key

    def revoke(self, key_id: str, at: datetime | None = None) -> None:
        """Mark a key revoked (tests)."""
        key = self._keys[key_id]
        self._keys[key_id] = StoredKey(
            key.key_id, key.user_id, key.public_key_pem, key.encrypted_private_key,
            key.created_at, at or datetime.now(UTC),
        )  # fmt: skip


def new_key(user_id: int, secret: str) -> StoredKey:
    """Generate an SM2 key pair for a user, sealing the private half with secret."""
    private = sm.generate_private_key()
    pem = sm.public_pem(private)
    key_id = sm.key_fingerprint(pem)
    sealed = sm.seal_private_key(private, secret, key_id, user_id)
    return StoredKey(key_id, user_id, pem, sealed, datetime.now(UTC))


class LocalSigner:
    """Signs with per-user keys from a KeyStore; creates a user's key on first use."""

    def __init__(self, keys: KeyStore, secret: str) -> None:
        self.keys = keys
        self._secret = secret
        self._unsealed: dict[str, Any] = {}

    def ensure_user_key(self, user_id: int) -> str:
        """Return the user's active key_id, generating and storing a key if there is none."""
        key = self.keys.active_key(user_id)
        if key is None:
            key = new_key(user_id, self._secret)
            self.keys.add(key)
        return key.key_id

    def sign(self, user_id: int, digest: bytes) -> tuple[bytes, str]:
        """SM2-sign digest with the user's active key."""
        key_id = self.ensure_user_key(user_id)
        private = self._unsealed.get(key_id)
        if private is None:
            key = self.keys.get(key_id)
            if key is None:  # pragma: no cover - store lost the key it just returned
                raise NotFound(f"签名密钥 {key_id} 不存在", code="key_not_found")
            private = sm.open_private_key(key.encrypted_private_key, self._secret, key_id, user_id)
            self._unsealed[key_id] = private
        return sm.sign(private, digest), key_id


class SignatureChecker:
    """Verifies record signatures from public keys; caches parsed keys by key_id."""

    def __init__(self, keys: KeyLookup) -> None:
        self.keys = keys
        self._cache: dict[str, tuple[StoredKey, Any, bool]] = {}

    def _load(self, key_id: str) -> tuple[StoredKey, Any, bool] | None:
        if key_id in self._cache:
            return self._cache[key_id]
        key = self.keys.get(key_id)
        if key is None:
            return None
        public, fingerprint = _parsed(key.public_key_pem)
        self._cache[key_id] = (key, public, public is not None and fingerprint == key_id)
        return self._cache[key_id]

    def check(
        self, key_id: str, signature_hex: str, digest: bytes, user_id: int | None, recorded_at: str = ""
    ) -> str | None:
        """None when valid, else a Chinese reason (unknown key, foreign key, revoked key, bad signature)."""
        loaded = self._load(key_id)
        if loaded is None:
            return f"签名密钥 {key_id[:16]}… 不存在"
        key, public, genuine = loaded
        if not genuine or public is None:
            return f"签名密钥 {key_id[:16]}… 的公钥与密钥编号不符（公钥被替换）"
        if user_id is not None and key.user_id != user_id:
            return f"签名密钥属于用户 {key.user_id}，而记录的操作人是用户 {user_id}"
        if key.revoked_at is not None and recorded_at and recorded_at > utc_iso(key.revoked_at):
            return f"签名密钥已于 {utc_iso(key.revoked_at)} 吊销，不能用于之后的记录"
        try:
            signature = bytes.fromhex(signature_hex)
        except ValueError:
            return "签名不是有效的十六进制数据"
        if not sm.verify(public, signature, digest):
            return "SM2 签名验证失败"
        return None

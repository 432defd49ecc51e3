"""The users' SM2 signing keys in SQL (`SqlKeyStore`, the KeyStore port) and the local signer over them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from zhifa.config import get_settings
from zhifa.ledger.signing import LocalSigner, StoredKey
from zhifa.store.hot import Hot
from zhifa.store.models.identity import UserKey

_NEW_KEYS = "zhifa_new_keys"  # session.info key: ids of the signing keys added in this session


def _to_stored(row: Sequence[Any]) -> StoredKey:
    def aware(moment: datetime | None) -> datetime | None:
        if moment is not None and moment.tzinfo is None:  # SQLite drops the zone
            return moment.replace(tzinfo=UTC)
        return moment

    key_id, user_id, public_key_pem, encrypted_private_key, created_at, revoked_at = row
    created = aware(created_at)
    assert created is not None
    return StoredKey(key_id, user_id, public_key_pem, encrypted_private_key, created, aware(revoked_at))


_K = cast(Table, UserKey.__table__).c
_KEY_COLUMNS = (
    _K.key_id,
    _K.user_id,
    _K.public_key_pem,
    _K.encrypted_private_key,
    _K.created_at,
    _K.revoked_at,
)
_KEY_BY_ID = Hot(select(*_KEY_COLUMNS).where(_K.key_id == bindparam("b_key")))
_ACTIVE_KEY = Hot(
    select(*_KEY_COLUMNS)
    .where(_K.user_id == bindparam("b_user"), _K.revoked_at.is_(None))
    .order_by(_K.created_at.desc(), _K.id.desc())
    .limit(1)
)


class SqlKeyStore:
    """User SM2 keys in table user_keys (KeyStore port)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key_id: str) -> StoredKey | None:
        """The key with this id, or None."""
        row = _KEY_BY_ID.first(self.session, {"b_key": key_id})
        return _to_stored(row) if row else None

    def active_key(self, user_id: int) -> StoredKey | None:
        """The newest unrevoked key of the user, or None."""
        row = _ACTIVE_KEY.first(self.session, {"b_user": user_id})
        return _to_stored(row) if row else None

    def created_here(self) -> set[str]:
        """Ids of the keys added in this session (uncommitted: their transaction may still roll back)."""
        created: set[str] = self.session.info.setdefault(_NEW_KEYS, set())
        return created

    def add(self, key: StoredKey) -> None:
        """Store a new key (flushed, not committed)."""
        self.created_here().add(key.key_id)
        self.session.add(
            UserKey(
                key_id=key.key_id, user_id=key.user_id, public_key_pem=key.public_key_pem,
                encrypted_private_key=key.encrypted_private_key, created_at=key.created_at,
                revoked_at=key.revoked_at,
            )
        )  # fmt: skip
        self.session.flush()

    def revoke(self, key_id: str, at: datetime | None = None) -> None:
        """Mark a key revoked (its past signatures stay valid)."""
        row = self.session.scalar(select(UserKey).where(UserKey.key_id == key_id))
        if row is not None:
            row.revoked_at = at or datetime.now(UTC)
            self.session.flush()


def sql_signer(session: Session, secret: str | None = None) -> LocalSigner:
    """LocalSigner over user_keys; the secret defaults to Settings.key_encryption_secret."""
    return LocalSigner(SqlKeyStore(session), secret or get_settings().key_encryption_secret)


def ensure_user_key(session: Session, user_id: int) -> str:
    """Create the user's signing key when missing; return its key_id (caller commits)."""
    return sql_signer(session).ensure_user_key(user_id)

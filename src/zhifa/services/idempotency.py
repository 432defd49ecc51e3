"""Idempotency keys (issue 15 item 9): a retried creating request returns its first answer, creates nothing.

A key is reserved (a row with no answer yet) before the request runs; the table's UNIQUE(user_id, key)
lets exactly one of two concurrent requests with the same key reserve it, the other is told the first is
still running. The first success stores the request's hash and the answer; a failure releases the key
(the service rolled its transaction back, nothing was created, a retry runs again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from zhifa.store.models.idempotency import IdempotencyKey
from zhifa.store.uow import UnitOfWork

MAX_STORED_RESPONSE = 1024 * 1024  # bytes of an answer kept for replay


@dataclass(frozen=True)
class StoredKey:
    """What the table knows about a key: still running (status None) or the answer to replay."""

    request_hash: str | None
    method: str
    path: str
    status: int | None
    content_type: str | None
    response: bytes | None


def _now() -> datetime:
    return datetime.now(UTC)


def lookup(uow: UnitOfWork, user_id: int, key: str) -> StoredKey | None:
    """The live (unexpired) record of the user's key, or None."""
    with uow:
        row = uow.session.scalar(
            select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
        )
        if row is None:
            return None
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        if expires <= _now():
            return None
        return StoredKey(row.request_hash, row.method, row.path, row.status, row.content_type, row.response)


def reserve(uow: UnitOfWork, user_id: int, key: str, method: str, path: str, ttl_seconds: int) -> bool:
    """Claim the key for a request about to run; False when another request holds it (also concurrently)."""
    now = _now()
    with uow:
        session = uow.session
        # an expired record of this key, and the user's other expired keys, make room
        session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.expires_at <= now)
        )
        session.add(
            IdempotencyKey(
                user_id=user_id, key=key, method=method[:8], path=path[:500], created_at=now,
                expires_at=now + timedelta(seconds=ttl_seconds),
            )
        )  # fmt: skip
        try:
            uow.commit()
        except IntegrityError:
            session.rollback()
            return False
    return True


def complete(
    uow: UnitOfWork, user_id: int, key: str, request_hash: str, status: int, content_type: str, body: bytes
) -> None:
    """Record the first answer of the key (an answer too large to keep is replaced by a short note)."""
    if len(body) > MAX_STORED_RESPONSE:
        body, content_type = b'{"code":"idempotent_replay_too_large"}', "application/json"
    with uow:
        uow.session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
            .values(request_hash=request_hash, status=status, content_type=content_type[:100], response=body)
        )
        uow.commit()


def release(uow: UnitOfWork, user_id: int, key: str) -> None:
    """Forget a reserved key whose request failed (nothing was created; a retry runs again)."""
    with uow:
        uow.session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.user_id == user_id, IdempotencyKey.key == key, IdempotencyKey.status.is_(None)
            )
        )
        uow.commit()


def purge_expired(uow: UnitOfWork) -> int:
    """Delete every expired key; returns how many."""
    with uow:
        result = uow.session.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at <= _now()))
        uow.commit()
    return int(getattr(result, "rowcount", 0) or 0)

"""SQL backend of the ledger (SQLAlchemy): `SqlLedgerStore`, `SqlKeyStore`, `sql_signer`.

    with UnitOfWork(engine) as uow:
        store = SqlLedgerStore(uow.session, signer=sql_signer(uow.session))
        store.append("case-42", [NewEvent.by_user(7, "CaseFiled", {...})], expected_seq=0)
        uow.commit()                       # services commit; the store only flushes

Appends insert all rows of a call in one executemany inside a SAVEPOINT; a concurrent writer that
lost the race gets Conflict(code="ledger_conflict") from UNIQUE(stream_id, seq) and the caller's
transaction stays usable. `iter_records()` streams every record by keyset pages of (stream_id, seq).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, func, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from zhifa.config import get_settings
from zhifa.ledger.canonical import utc_now
from zhifa.ledger.events import GENESIS_HASH, NewEvent, Record
from zhifa.ledger.seal import Head, Sealer
from zhifa.ledger.signing import LocalSigner, Signer, StoredKey
from zhifa.ledger.store import build_records, conflict
from zhifa.store.models.identity import UserKey
from zhifa.store.models.ledger import LedgerHead, LedgerRecord

_T = cast(Table, LedgerRecord.__table__)
_COLUMNS = (
    _T.c.stream_id, _T.c.seq, _T.c.type, _T.c.schema_version, _T.c.payload, _T.c.recorded_at,
    _T.c.actor, _T.c.prev_hash, _T.c.hash, _T.c.signature, _T.c.key_id, _T.c.seal,
)  # fmt: skip
_H = cast(Table, LedgerHead.__table__)


def _row_to_record(row: Sequence[object]) -> Record:
    return Record(*row)  # type: ignore[arg-type]  # column order == Record field order


class SqlLedgerStore:
    """Ledger streams in table ledger_events, inside the caller's session (no commit here)."""

    def __init__(
        self,
        session: Session,
        signer: Signer | None = None,
        clock: Callable[[], str] = utc_now,
        sealer: Sealer | None = None,
    ) -> None:
        self.session = session
        self.signer = signer
        self.clock = clock
        self.sealer = sealer

    def head(self, stream_id: str) -> tuple[int, str]:
        """(last seq, last hash) of the stream; (0, GENESIS_HASH) when empty."""
        row = self.session.execute(
            select(_T.c.seq, _T.c.hash).where(_T.c.stream_id == stream_id).order_by(_T.c.seq.desc()).limit(1)
        ).first()
        return (row[0], row[1]) if row else (0, GENESIS_HASH)

    def append(self, stream_id: str, events: Sequence[NewEvent], expected_seq: int) -> list[Record]:
        """Append events after expected_seq; Conflict when the stream moved on (never forks)."""
        head_seq, head_hash = self.head(stream_id)
        if head_seq != expected_seq:
            raise conflict(stream_id, expected_seq, head_seq)
        records = build_records(stream_id, events, head_seq, head_hash, self.signer, self.clock, self.sealer)
        rows = [
            {
                "stream_id": r.stream_id, "seq": r.seq, "type": r.type, "schema_version": r.schema_version,
                "payload": r.payload_json, "recorded_at": r.recorded_at, "actor": r.actor,
                "prev_hash": r.prev_hash, "hash": r.hash, "signature": r.signature, "key_id": r.key_id,
                "seal": r.seal,
            }
            for r in records
        ]  # fmt: skip
        try:
            with self.session.begin_nested():
                self.session.execute(insert(_T), rows)
        except IntegrityError as exc:
            actual = self.head(stream_id)[0]
            raise conflict(stream_id, expected_seq, max(actual, expected_seq + 1)) from exc
        if self.sealer is not None:
            self._write_head(self.sealer.head(stream_id, records[-1].seq, records[-1].hash), head_seq)
        return records

    def _write_head(self, head: Head, previous_seq: int) -> None:
        values = {"seq": head.seq, "hash": head.hash, "seal": head.seal}
        if previous_seq > 0:
            result = self.session.execute(update(_H).where(_H.c.stream_id == head.stream_id).values(**values))
            if result.rowcount:  # type: ignore[attr-defined]
                return
        self.session.execute(insert(_H).values(stream_id=head.stream_id, **values))

    def sealed_head(self, stream_id: str) -> Head | None:
        """The sealed head of one stream, or None."""
        row = self.session.execute(
            select(_H.c.stream_id, _H.c.seq, _H.c.hash, _H.c.seal).where(_H.c.stream_id == stream_id)
        ).first()
        return Head(row[0], row[1], row[2], row[3]) if row else None

    def heads(self) -> dict[str, Head]:
        """The sealed head of every stream."""
        rows = self.session.execute(select(_H.c.stream_id, _H.c.seq, _H.c.hash, _H.c.seal))
        return {row[0]: Head(row[0], row[1], row[2], row[3]) for row in rows}

    def read(self, stream_id: str, after_seq: int = 0) -> list[Record]:
        """Records of the stream with seq > after_seq, in order."""
        result = self.session.execute(
            select(*_COLUMNS).where(_T.c.stream_id == stream_id, _T.c.seq > after_seq).order_by(_T.c.seq)
        )
        return [_row_to_record(row) for row in result]

    def stream_ids(self) -> list[str]:
        """All stream ids, sorted."""
        return list(self.session.scalars(select(_T.c.stream_id).distinct().order_by(_T.c.stream_id)))

    def count(self, stream_id: str | None = None) -> int:
        """Number of records (of one stream, or all)."""
        query = select(func.count()).select_from(_T)
        if stream_id is not None:
            query = query.where(_T.c.stream_id == stream_id)
        return int(self.session.scalar(query) or 0)

    def iter_records(self, batch_size: int = 5000, stream_id: str | None = None) -> Iterator[Record]:
        """Every record ordered by (stream_id, seq), fetched in keyset pages of batch_size."""
        last: tuple[str, int] | None = None
        while True:
            query = select(*_COLUMNS)
            if stream_id is not None:
                query = query.where(_T.c.stream_id == stream_id)
            if last is not None:
                query = query.where(tuple_(_T.c.stream_id, _T.c.seq) > tuple_(*last))
            rows = self.session.execute(query.order_by(_T.c.stream_id, _T.c.seq).limit(batch_size)).all()
            for row in rows:
                yield _row_to_record(row)
            if len(rows) < batch_size:
                return
            last = (rows[-1][0], rows[-1][1])


def _to_stored(row: UserKey) -> StoredKey:
    def aware(moment: datetime | None) -> datetime | None:
        if moment is not None and moment.tzinfo is None:  # SQLite drops the zone
            return moment.replace(tzinfo=UTC)
        return moment

    created = aware(row.created_at)
    assert created is not None
    return StoredKey(
        row.key_id, row.user_id, row.public_key_pem, row.encrypted_private_key, created, aware(row.revoked_at)
    )


class SqlKeyStore:
    """User SM2 keys in table user_keys (KeyStore port)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key_id: str) -> StoredKey | None:
        """The key with this id, or None."""
        row = self.session.scalar(select(UserKey).where(UserKey.key_id == key_id))
        return _to_stored(row) if row else None

    def active_key(self, user_id: int) -> StoredKey | None:
        """The newest unrevoked key of the user, or None."""
        row = self.session.scalar(
            select(UserKey)
            .where(UserKey.user_id == user_id, UserKey.revoked_at.is_(None))
            .order_by(UserKey.created_at.desc(), UserKey.id.desc())
            .limit(1)
        )
        return _to_stored(row) if row else None

    def add(self, key: StoredKey) -> None:
        """Store a new key (flushed, not committed)."""
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


def settings_sealer(secret: str | None = None) -> Sealer:
    """The server sealer; its key derives from Settings.key_encryption_secret (never stored in the DB)."""
    return Sealer(secret or get_settings().key_encryption_secret)


def ensure_user_key(session: Session, user_id: int) -> str:
    """Create the user's signing key when missing; return its key_id (caller commits)."""
    return sql_signer(session).ensure_user_key(user_id)

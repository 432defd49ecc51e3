"""Checkpoint storage and the cheap reads checkpoints need: (stream_id, seq, hash) only, never payloads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from zhifa.ledger.checkpoint import Checkpoint, Entry
from zhifa.store.models.checkpoints import LedgerCheckpoint
from zhifa.store.models.ledger import LedgerRecord

_T = cast(Table, LedgerRecord.__table__)
_C = cast(Table, LedgerCheckpoint.__table__)


def stream_entries(session: Session) -> list[Entry]:
    """(stream_id, last seq, last hash) of every stream, sorted by stream id (one indexed query)."""
    last = (
        select(_T.c.stream_id.label("s"), func.max(_T.c.seq).label("m")).group_by(_T.c.stream_id).subquery()
    )
    query = (
        select(_T.c.stream_id, _T.c.seq, _T.c.hash)
        .join(last, (_T.c.stream_id == last.c.s) & (_T.c.seq == last.c.m))
        .order_by(_T.c.stream_id)
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def chain_rows(session: Session, batch_size: int = 20_000) -> Iterator[tuple[str, int, str]]:
    """Every record's (stream_id, seq, hash) ordered by (stream_id, seq), streamed."""
    query = select(_T.c.stream_id, _T.c.seq, _T.c.hash).order_by(_T.c.stream_id, _T.c.seq)
    result = session.execute(query.execution_options(yield_per=batch_size))
    for row in result:
        yield row[0], row[1], row[2]


def add_checkpoint(session: Session, cp: Checkpoint) -> int:
    """Store a checkpoint (flushed, not committed); its row id."""
    values = {
        "created_at": cp.created_at, "stream_count": len(cp.streams), "record_count": cp.record_count,
        "root": cp.root, "key_id": cp.key_id, "statement": cp.to_json(),
    }  # fmt: skip
    result = session.execute(insert(_C).values(**values).returning(_C.c.id))
    return int(result.scalar_one())


def latest_statement(session: Session) -> str | None:
    """The newest stored checkpoint file text, or None."""
    query = select(_C.c.statement).order_by(_C.c.id.desc()).limit(1)
    return session.scalar(query)


def checkpoint_key_ids(session: Session) -> set[str]:
    """Key ids that have signed stored checkpoints."""
    return set(session.scalars(select(_C.c.key_id).distinct()))

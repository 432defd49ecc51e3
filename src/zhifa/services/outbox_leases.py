"""Leases on outbox rows: only the worker holding the lease of a queue's head sends it.

A queue is the undelivered rows of one (target, stream) in id order, and only its head is ever sent. A worker
claims the head with a conditional UPDATE (free, lapsed, or held by a process of this host that is gone);
the outcome of an attempt is stored only while the worker still holds the lease, and when the head was
delivered the next row is claimed in the same transaction, so no other worker slips in between. A killed
worker's lease lapses after ZHIFA_PUSH_LEASE_SECONDS, at once when its process is seen dead on this host.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, or_, update
from sqlalchemy.orm import Session

from zhifa.config import get_settings
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork

HOST = socket.gethostname()[:40]
SENDABLE = ("pending", "retrying")


def new_owner() -> str:
    """A lease owner id: host, process id and a nonce (one per worker)."""
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def gone(owner: str | None) -> bool:
    """True when `owner` is a worker process of this host that no longer runs (exited, or a zombie: a
    killed worker waits as one until it is reaped, which takes seconds when its parent was killed too)."""
    host, _, rest = (owner or "").partition(":")
    pid = rest.partition(":")[0]
    if host != HOST or not pid.isdigit():
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rpartition(")")[2].split()[0] in {"Z", "X"}
    except FileNotFoundError:
        return True
    except OSError:
        pass
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def lease_length() -> timedelta:
    """How long a claim holds: ZHIFA_PUSH_LEASE_SECONDS, never less than twice the delivery timeout."""
    s = get_settings()
    return timedelta(seconds=max(s.push_lease_seconds, 2 * s.push_timeout_seconds + 5))


def claim(session: Session, row_id: int, owner: str, now: datetime, seen_owner: str | None = None) -> bool:
    """Take the lease of a sendable row if it is free, lapsed, or `seen_owner`'s and that process is gone."""
    free = or_(OutboxRow.lease_owner.is_(None), OutboxRow.lease_until < now, OutboxRow.lease_owner == owner)
    if seen_owner and seen_owner != owner and gone(seen_owner):
        free = or_(free, OutboxRow.lease_owner == seen_owner)
    result = session.execute(
        update(OutboxRow)
        .where(OutboxRow.id == row_id, OutboxRow.status.in_(SENDABLE), free)
        .values(lease_owner=owner, lease_until=now + lease_length())
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def claim_head(engine: Engine, row_id: int, owner: str, now: datetime, seen_owner: str | None) -> bool:
    """Claim a queue's head in its own transaction."""
    with UnitOfWork(engine) as uow:
        ok = claim(uow.session, row_id, owner, now, seen_owner)
        uow.commit()
    return ok


def holds(session: Session, row_id: int, owner: str) -> OutboxRow | None:
    """The row, locked, when `owner` still holds its lease (else None: another worker took it over)."""
    row = session.get(OutboxRow, row_id, with_for_update=True, populate_existing=True)
    return row if row is not None and row.lease_owner == owner else None

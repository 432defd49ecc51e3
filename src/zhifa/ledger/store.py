"""The ledger storage port and the in-memory backend.

Port (`LedgerStore`):
- `append(stream_id, events, expected_seq) -> list[Record]`: expected_seq is the seq of the last
  record the caller saw (0 for a new stream); anything else raises Conflict(code="ledger_conflict").
- `read(stream_id, after_seq=0) -> list[Record]` in seq order.
- `stream_ids() -> list[str]` and `iter_records(batch_size) -> Iterator[Record]` ordered by
  (stream_id, seq), for verify-all.
`build_records()` does the shared work: validate, hash-chain, sign. SQL backend:
zhifa.store.ledger_repo.SqlLedgerStore(session, signer).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from zhifa.errors import Conflict, ValidationFailed
from zhifa.ledger.canonical import dumps, utc_now
from zhifa.ledger.events import GENESIS_HASH, NewEvent, Record, check_stream_id, hash_input
from zhifa.ledger.seal import Head, Sealer
from zhifa.ledger.signing import Signer
from zhifa.ledger.sm import sm3


class LedgerStore(Protocol):
    """Append-only event streams."""

    def append(self, stream_id: str, events: Sequence[NewEvent], expected_seq: int) -> list[Record]:
        """Append events after expected_seq; Conflict when the stream moved on."""
        ...

    def read(self, stream_id: str, after_seq: int = 0) -> list[Record]:
        """Records of the stream with seq > after_seq, in order."""
        ...

    def stream_ids(self) -> list[str]:
        """All stream ids, sorted."""
        ...

    def iter_records(self, batch_size: int = 5000) -> Iterator[Record]:
        """Every record ordered by (stream_id, seq)."""
        ...


def conflict(stream_id: str, expected_seq: int, actual_seq: int) -> Conflict:
    """The error of a stale writer."""
    return Conflict(
        f"账本流 {stream_id} 已被他人更新：期望最后序号为 {expected_seq}，实际为 {actual_seq}，请刷新后重试",
        code="ledger_conflict",
        details={"stream_id": stream_id, "expected_seq": expected_seq, "actual_seq": actual_seq},
    )


def build_records(
    stream_id: str,
    events: Sequence[NewEvent],
    head_seq: int,
    head_hash: str,
    signer: Signer | None,
    clock: Callable[[], str] = utc_now,
    sealer: Sealer | None = None,
) -> list[Record]:
    """Validate events and turn them into hash-chained (signed where asked, sealed when a sealer is set)."""
    check_stream_id(stream_id)
    if not events:
        raise ValidationFailed("没有要写入的事件", code="no_events")
    records: list[Record] = []
    prev_hash, seq = head_hash, head_seq
    for event in events:
        payload = event.check()
        seq += 1
        recorded_at = clock()
        data = hash_input(
            stream_id, seq, event.type, event.schema_version, payload, recorded_at, event.actor, prev_hash
        )
        digest = sm3(data)
        signature = key_id = None
        if event.sign:
            if signer is None:
                raise ValidationFailed(f"事件 {event.type} 需要签名，但账本未配置签名服务", code="no_signer")
            sig, key_id = signer.sign(event.signer_user_id(), digest)
            signature = sig.hex()
        seal = sealer.record_seal(stream_id, seq, digest.hex()) if sealer is not None else None
        record = Record(
            stream_id, seq, event.type, event.schema_version, dumps(payload), recorded_at, event.actor,
            prev_hash, digest.hex(), signature, key_id, seal, payload,
        )  # fmt: skip
        records.append(record)
        prev_hash = record.hash
    return records


class MemoryLedgerStore:
    """In-process ledger (tests, tools); thread-safe; same contract as the SQL store."""

    def __init__(
        self, signer: Signer | None = None, clock: Callable[[], str] = utc_now, sealer: Sealer | None = None
    ) -> None:
        self.signer = signer
        self.clock = clock
        self.sealer = sealer
        self._streams: dict[str, list[Record]] = {}
        self._heads: dict[str, Head] = {}
        self._lock = threading.Lock()

    def append(self, stream_id: str, events: Sequence[NewEvent], expected_seq: int) -> list[Record]:
        """Append events after expected_seq; Conflict when the stream moved on."""
        with self._lock:
            stream = self._streams.get(stream_id, [])
            head_seq = stream[-1].seq if stream else 0
            if head_seq != expected_seq:
                raise conflict(stream_id, expected_seq, head_seq)
            head_hash = stream[-1].hash if stream else GENESIS_HASH
            records = build_records(
                stream_id, events, head_seq, head_hash, self.signer, self.clock, self.sealer
            )
            self._streams.setdefault(stream_id, []).extend(records)
            if self.sealer is not None:
                self._heads[stream_id] = self.sealer.head(stream_id, records[-1].seq, records[-1].hash)
            return records

    def heads(self) -> dict[str, Head]:
        """The sealed head of every stream (empty without a sealer)."""
        return dict(self._heads)

    def read(self, stream_id: str, after_seq: int = 0) -> list[Record]:
        """Records of the stream with seq > after_seq, in order."""
        return [r for r in self._streams.get(stream_id, []) if r.seq > after_seq]

    def stream_ids(self) -> list[str]:
        """All stream ids, sorted."""
        return sorted(self._streams)

    def iter_records(self, batch_size: int = 5000) -> Iterator[Record]:
        """Every record ordered by (stream_id, seq)."""
        for stream_id in self.stream_ids():
            yield from list(self._streams[stream_id])

    def tamper_head(self, stream_id: str, head: Head | None) -> None:
        """Replace (or with None delete) a stream head — for tamper-detection tests only."""
        if head is None:
            self._heads.pop(stream_id, None)
        else:
            self._heads[stream_id] = head

    def tamper(self, stream_id: str, index: int, record: Record | None) -> None:
        """Replace (or with None delete) a stored record — for tamper-detection tests only."""
        if record is None:
            del self._streams[stream_id][index]
        else:
            self._streams[stream_id][index] = record

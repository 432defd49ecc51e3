"""Offline verification: re-check every chain link, hash and signature; name the first bad record.

- `verify_stream(records, checker=None, stream_id=None, signed_types=...) -> StreamReport`
- `verify_all(records, checker=None, ..., on_record=None) -> LedgerReport` over records ordered by
  (stream_id, seq) — streams through any number of records, keeping one StreamReport per stream.
A `Problem` has stream_id, seq, code (stable) and message (Chinese). Signature-less records of a
type in `signed_types` (see `register_signed_types`) are reported as missing their signature.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zhifa.ledger.canonical import dumps
from zhifa.ledger.events import GENESIS_HASH, Record, actor_user_id, hash_input
from zhifa.ledger.seal import Head, Sealer
from zhifa.ledger.signing import SignatureChecker
from zhifa.ledger.sm import sm3

SIGNED_EVENT_TYPES: set[str] = set()


def register_signed_types(*types: str) -> None:
    """Declare event types that must always carry a signature (sign-offs)."""
    SIGNED_EVENT_TYPES.update(types)


@dataclass(frozen=True)
class Problem:
    """The first bad record of a stream."""

    stream_id: str
    seq: int
    code: str
    message: str
    column: str = ""  # the `cases` column that differs from the replayed stream (case_field_mismatch)

    def describe(self) -> str:
        """One Chinese line naming the record (or the stream, for problems not tied to one record)."""
        if self.seq <= 0:
            return f"账本流 {self.stream_id}：{self.message}"
        return f"账本流 {self.stream_id} 第 {self.seq} 条记录：{self.message}"


@dataclass
class StreamReport:
    """Outcome of one stream."""

    stream_id: str
    records: int = 0
    signatures: int = 0
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return self.problem is None


@dataclass
class LedgerReport:
    """Outcome of all streams."""

    streams: list[StreamReport] = field(default_factory=list)
    other: list[Problem] = field(default_factory=list)  # cross-checks: case rows, checkpoints

    @property
    def ok(self) -> bool:
        """True when every stream is intact and every cross-check passed."""
        return all(s.ok for s in self.streams) and not self.other

    @property
    def problems(self) -> list[Problem]:
        """First bad record of each bad stream, then the cross-check problems."""
        return [s.problem for s in self.streams if s.problem is not None] + self.other

    @property
    def records(self) -> int:
        """Records checked."""
        return sum(s.records for s in self.streams)

    @property
    def signatures(self) -> int:
        """Signatures verified."""
        return sum(s.signatures for s in self.streams)


def _reject_float(text: str) -> Any:
    return Decimal(text)  # floats never enter the ledger; a tampered "1.5" stays non-canonical


class _StreamChecker:
    def __init__(
        self,
        stream_id: str,
        checker: SignatureChecker | None,
        signed_types: Set[str],
        sealer: Sealer | None = None,
    ) -> None:
        self.report = StreamReport(stream_id)
        self.checker = checker
        self.signed_types = signed_types
        self.sealer = sealer
        self.prev_hash = GENESIS_HASH
        self.seq = 0

    def _bad(self, seq: int, code: str, message: str) -> None:
        self.report.problem = Problem(self.report.stream_id, seq, code, message)

    def feed(self, r: Record) -> None:
        rep = self.report
        if rep.problem is not None:
            return
        rep.records += 1
        expected = self.seq + 1
        if r.seq != expected:
            what = "缺失（记录被删除）" if r.seq > expected else "重复或乱序"
            self._bad(
                expected, "seq_gap", f"序号不连续：应为 {expected}，实际为 {r.seq}，第 {expected} 条{what}"
            )
            return
        self.seq = r.seq
        if r.prev_hash != self.prev_hash:
            self._bad(r.seq, "prev_hash_mismatch", "前一哈希与上一条记录的哈希不符（记录被删除、调换或改动）")
            return
        try:
            payload = json.loads(r.payload_json, parse_float=_reject_float)
            canonical = dumps(payload) == r.payload_json
        except (ValueError, TypeError):
            payload, canonical = None, False
        if not canonical:
            self._bad(r.seq, "payload_not_canonical", "事件内容不是规范 JSON（被直接改动）")
            return
        digest = sm3(
            hash_input(
                r.stream_id, r.seq, r.type, r.schema_version, payload, r.recorded_at, r.actor, r.prev_hash
            )
        )
        if digest.hex() != r.hash:
            self._bad(r.seq, "hash_mismatch", "哈希不符：记录内容在写入后被改动")
            return
        if self.sealer is not None and not self.sealer.record_ok(r.stream_id, r.seq, r.hash, r.seal):
            what = "缺失" if r.seal is None else "不符"
            self._bad(
                r.seq, "seal_invalid", f"服务器封印{what}：记录在写入后被改动并在无密钥的情况下重新计算了哈希"
            )
            return
        self.prev_hash = r.hash
        if r.signature is None and r.key_id is None:
            if r.type in self.signed_types:
                self._bad(r.seq, "signature_missing", f"{r.type} 属于签批事件，但记录没有签名（签名被删除）")
            return
        if r.signature is None or r.key_id is None:
            self._bad(r.seq, "signature_incomplete", "签名或密钥编号缺失")
            return
        if self.checker is None:
            return
        reason = self.checker.check(r.key_id, r.signature, digest, actor_user_id(r.actor), r.recorded_at)
        if reason is not None:
            self._bad(r.seq, "signature_invalid", reason)
            return
        rep.signatures += 1

    def check_head(self, head: Head | None) -> None:
        """Compare the stream's last record with its sealed head (detects a cut-off tail)."""
        rep = self.report
        if rep.problem is not None or self.sealer is None:
            return
        if head is None:
            self._bad(self.seq, "head_missing", "账本流的封印头记录缺失（被删除）")
        elif not self.sealer.head_ok(head):
            self._bad(head.seq, "head_seal_invalid", "账本流封印头不符：头记录被改动")
        elif head.seq > self.seq:
            self._bad(
                self.seq + 1,
                "tail_truncated",
                f"第 {self.seq + 1} 至 {head.seq} 条记录被删除（账本流尾部被截断）",
            )
        elif head.seq != self.seq or head.hash != self.prev_hash:
            self._bad(head.seq, "head_mismatch", "账本流封印头与最后一条记录不一致")


def verify_stream(
    records: Iterable[Record],
    checker: SignatureChecker | None = None,
    stream_id: str | None = None,
    signed_types: Set[str] | None = None,
    sealer: Sealer | None = None,
    head: Head | None = None,
) -> StreamReport:
    """Verify one stream's records (in seq order); stops at the first bad record.

    With a sealer, every record's seal and the stream's sealed `head` are checked too.
    """
    types = SIGNED_EVENT_TYPES if signed_types is None else signed_types
    state: _StreamChecker | None = _StreamChecker(stream_id, checker, types, sealer) if stream_id else None
    for record in records:
        if state is None:
            state = _StreamChecker(record.stream_id, checker, types, sealer)
        if record.stream_id != state.report.stream_id:
            state._bad(record.seq, "wrong_stream", f"记录属于另一账本流 {record.stream_id}")
            break
        state.feed(record)
        if state.report.problem is not None:
            break
    if state is None:
        state = _StreamChecker(stream_id or (head.stream_id if head else ""), checker, types, sealer)
        if head is None:
            return state.report
    state.check_head(head)
    return state.report


def verify_all(
    records: Iterable[Record],
    checker: SignatureChecker | None = None,
    signed_types: Set[str] | None = None,
    on_record: Callable[[Record], None] | None = None,
    sealer: Sealer | None = None,
    heads: Mapping[str, Head] | None = None,
) -> LedgerReport:
    """Verify every stream from records ordered by (stream_id, seq).

    With a sealer and the stream `heads`, seals are checked, a stream whose tail was cut off no longer
    matches its head, and a head whose records are all gone is reported.
    """
    types = SIGNED_EVENT_TYPES if signed_types is None else signed_types
    report = LedgerReport()
    state: _StreamChecker | None = None
    seen: set[str] = set()

    def close(done: _StreamChecker | None) -> None:
        if done is not None and heads is not None:
            done.check_head(heads.get(done.report.stream_id))

    for record in records:
        if state is None or record.stream_id != state.report.stream_id:
            close(state)
            state = _StreamChecker(record.stream_id, checker, types, sealer)
            report.streams.append(state.report)
            seen.add(record.stream_id)
        state.feed(record)
        if on_record is not None:
            on_record(record)
    close(state)
    if heads is not None and sealer is not None:
        for stream_id in sorted(set(heads) - seen):
            gone = StreamReport(stream_id)
            gone.problem = Problem(stream_id, 1, "stream_deleted", "账本流的全部记录被删除（封印头仍在）")
            report.streams.append(gone)
    return report

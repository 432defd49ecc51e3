"""Signed checkpoints of the whole ledger, in the style of Certificate Transparency's signed tree head.

A checkpoint states every stream's length and head hash, sorted by stream id, with an SM3 Merkle root
over those entries (RFC 6962 §2.1 shape: leaf = SM3(0x00 ‖ canonical [stream, length, hash]), node =
SM3(0x01 ‖ left ‖ right), split at the largest power of two below n), the time, and an SM2 signature by
the server's checkpoint key over the canonical bytes of everything else. The public key and its key id
(SM3 of its DER) travel inside, so anyone can check a checkpoint offline; `inclusion_proof` lets one
stream's entry be proven against the root alone.

`extension_problem(checkpoint, current)` proves that today's ledger extends a checkpoint: no stream
missing, none shorter, the record at the checkpoint's length still has the checkpoint's hash.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from zhifa.errors import ValidationFailed
from zhifa.ledger import sm
from zhifa.ledger.canonical import canonical_bytes, dumps

FORMAT = "zhifa-ledger-checkpoint/v1"
Entry = tuple[str, int, str]  # (stream_id, length, head hash)


def leaf_hash(entry: Entry) -> bytes:
    """Merkle leaf of one stream entry."""
    return sm.sm3(b"\x00" + canonical_bytes(list(entry)))


def _node(left: bytes, right: bytes) -> bytes:
    return sm.sm3(b"\x01" + left + right)


def _split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _root(leaves: Sequence[bytes]) -> bytes:
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return _node(_root(leaves[:k]), _root(leaves[k:]))


def merkle_root(entries: Sequence[Entry]) -> str:
    """SM3 Merkle root (hex) over the sorted entries; SM3 of nothing for an empty ledger."""
    if not entries:
        return sm.sm3(b"").hex()
    return _root([leaf_hash(e) for e in entries]).hex()


def inclusion_proof(entries: Sequence[Entry], index: int) -> list[str]:
    """Audit path (hex, leaf to root) proving entries[index] is under merkle_root(entries)."""
    leaves = [leaf_hash(e) for e in entries]
    path: list[str] = []

    def walk(lo: int, hi: int) -> None:
        if hi - lo == 1:
            return
        k = _split(hi - lo)
        if index < lo + k:
            walk(lo, lo + k)
            path.append(_root(leaves[lo + k : hi]).hex())
        else:
            walk(lo + k, hi)
            path.append(_root(leaves[lo : lo + k]).hex())

    walk(0, len(leaves))
    return path


def verify_inclusion(entry: Entry, index: int, size: int, path: Sequence[str], root: str) -> bool:
    """True when `path` proves that `entry` is leaf `index` of a tree of `size` leaves with this root."""
    steps: list[tuple[bool, int, int]] = []  # (sibling on the right?, lo, hi) from the root down
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            steps.append((True, lo, hi))
            hi = lo + k
        else:
            steps.append((False, lo, hi))
            lo = lo + k
    if len(steps) != len(path) or not 0 <= index < size:
        return False
    digest = leaf_hash(entry)
    for (right, _lo, _hi), sibling in zip(reversed(steps), path, strict=True):
        other = bytes.fromhex(sibling)
        digest = _node(digest, other) if right else _node(other, digest)
    return digest.hex() == root


@dataclass(frozen=True)
class Checkpoint:
    """A signed checkpoint as read from its file."""

    created_at: str
    streams: tuple[Entry, ...]
    root: str
    key_id: str
    public_key_pem: str
    signature: str

    @property
    def record_count(self) -> int:
        """Records covered (sum of stream lengths)."""
        return sum(length for _s, length, _h in self.streams)

    def body(self) -> dict[str, Any]:
        """The signed part."""
        return {
            "format": FORMAT,
            "created_at": self.created_at,
            "stream_count": len(self.streams),
            "record_count": self.record_count,
            "root": self.root,
            "streams": [list(e) for e in self.streams],
            "key_id": self.key_id,
            "public_key_pem": self.public_key_pem,
        }

    def to_json(self) -> str:
        """The checkpoint file: canonical JSON of the body plus the signature."""
        return dumps({**self.body(), "signature": self.signature})


def sign_checkpoint(entries: Iterable[Entry], created_at: str, private_key: Any) -> Checkpoint:
    """Build and SM2-sign a checkpoint of these entries with the server checkpoint key."""
    streams = tuple(sorted(entries))
    pem = sm.public_pem(private_key)
    unsigned = Checkpoint(created_at, streams, merkle_root(streams), sm.key_fingerprint(pem), pem, "")
    signature = sm.sign(private_key, canonical_bytes(unsigned.body())).hex()
    return Checkpoint(created_at, streams, unsigned.root, unsigned.key_id, pem, signature)


def _bad(message: str, code: str = "checkpoint_malformed") -> ValidationFailed:
    return ValidationFailed(f"检查点无效：{message}", code=code)


def _entries(raw: Any) -> tuple[Entry, ...]:
    if not isinstance(raw, list):
        raise _bad("streams 不是列表")
    out: list[Entry] = []
    for item in raw:
        ok = isinstance(item, list) and len(item) == 3
        if not ok or not (isinstance(item[0], str) and type(item[1]) is int and isinstance(item[2], str)):
            raise _bad("streams 的条目格式不对")
        out.append((item[0], item[1], item[2]))
    if any(a[0] >= b[0] for a, b in pairwise(out)):
        raise _bad("账本流未按编号排序或有重复")
    return tuple(out)


def load_checkpoint(text: str | bytes) -> Checkpoint:
    """Parse a checkpoint file and check it: format, key id, root, SM2 signature (ValidationFailed if not)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _bad("不是 JSON 文件") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(f"格式不是 {FORMAT}")
    try:
        cp = Checkpoint(
            str(data["created_at"]), _entries(data["streams"]), str(data["root"]), str(data["key_id"]),
            str(data["public_key_pem"]), str(data["signature"]),
        )  # fmt: skip
    except KeyError as exc:
        raise _bad(f"缺少字段 {exc.args[0]}") from exc
    if data.get("stream_count") != len(cp.streams) or data.get("record_count") != cp.record_count:
        raise _bad("账本流数或记录数与条目不符", "checkpoint_root_mismatch")
    try:
        public = sm.load_public_pem(cp.public_key_pem)
        genuine = sm.key_fingerprint(cp.public_key_pem) == cp.key_id
        signature = bytes.fromhex(cp.signature)
    except Exception as exc:
        raise _bad("公钥或签名无法解析", "checkpoint_signature_invalid") from exc
    if not genuine:
        raise _bad("公钥与密钥编号不符", "checkpoint_signature_invalid")
    if not sm.verify(public, signature, canonical_bytes(cp.body())):
        raise _bad("SM2 签名验证失败（检查点被改动或不是本系统签发）", "checkpoint_signature_invalid")
    if merkle_root(cp.streams) != cp.root:
        raise _bad("根哈希与各账本流条目不符", "checkpoint_root_mismatch")
    return cp


@dataclass(frozen=True)
class ExtensionProblem:
    """The first stream of a checkpoint that today's ledger does not extend."""

    stream_id: str
    code: str
    message: str


@dataclass
class StreamNow:
    """What today's ledger holds of one stream: its length and the hashes asked for."""

    length: int = 0
    hash_at: str | None = None  # hash of the record at the checkpoint's length


def scan_against(
    rows: Iterable[tuple[str, int, str]], wanted: Mapping[str, int]
) -> Iterator[tuple[str, StreamNow]]:
    """Fold (stream_id, seq, hash) rows ordered by (stream_id, seq) into StreamNow per stream."""
    current: str | None = None
    now = StreamNow()
    for stream_id, seq, digest in rows:
        if stream_id != current:
            if current is not None:
                yield current, now
            current, now = stream_id, StreamNow()
        now.length = seq
        if seq == wanted.get(stream_id, -1):
            now.hash_at = digest
    if current is not None:
        yield current, now


def extension_problem(cp: Checkpoint, current: Mapping[str, StreamNow]) -> ExtensionProblem | None:
    """None when today's ledger extends the checkpoint; else its first stream (by id) that does not."""
    for stream_id, length, digest in cp.streams:
        now = current.get(stream_id)
        if now is None or now.length == 0:
            return ExtensionProblem(stream_id, "checkpoint_stream_missing", f"账本流 {stream_id} 已不存在")
        if now.length < length:
            return ExtensionProblem(
                stream_id,
                "checkpoint_stream_shorter",
                f"账本流 {stream_id} 现有 {now.length} 条记录，短于检查点时的 {length} 条（被回滚或截断）",
            )
        if now.hash_at != digest:
            return ExtensionProblem(
                stream_id,
                "checkpoint_hash_mismatch",
                f"账本流 {stream_id} 第 {length} 条记录的哈希与检查点不符（记录被改写）",
            )
    return None

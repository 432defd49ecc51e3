"""Ledger audit use cases: full verification with cross-checks, signed checkpoints, verify --against.

- `verify_ledger(engine)`: every chain, seal, signature and head (zhifa.ledger.verify), every `cases`
  row against its replayed stream (ProjectionCheck), and the ledger today against the newest stored
  checkpoint — so a wiped ledger (0 streams after a checkpoint that had some) fails plain verify too.
- `take_checkpoint(engine)`: sign (stream, length, head hash) of every stream with the server key, store
  the checkpoint and return it. Reads only (stream_id, seq, hash): no replay.
- `check_against(engine, text)`: check a checkpoint file's signature, then that the ledger extends it.
All reads run in one snapshot (PostgreSQL REPEATABLE READ; SQLite one deferred transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from zhifa.config import get_settings
from zhifa.errors import NotFound, ValidationFailed
from zhifa.ledger import Record, SignatureChecker
from zhifa.ledger.canonical import utc_now
from zhifa.ledger.checkpoint import (
    Checkpoint,
    ExtensionProblem,
    extension_problem,
    load_checkpoint,
    scan_against,
    sign_checkpoint,
)
from zhifa.ledger.server_key import checkpoint_key
from zhifa.ledger.verify import LedgerReport, Problem, verify_all
from zhifa.services.outbox import enqueue_checkpoint
from zhifa.store import checkpoint_repo
from zhifa.store.uow import UnitOfWork


def snapshot(engine: Engine) -> UnitOfWork:
    """A unit of work whose reads all see one snapshot of the database."""
    if engine.dialect.name == "postgresql":
        return UnitOfWork(engine.execution_options(isolation_level="REPEATABLE READ"))
    return UnitOfWork(engine, read_only=True)


def verify_ledger(
    engine: Engine,
    stream: str | None = None,
    on_record: Callable[[Record], None] | None = None,
    batch_size: int = 5000,
    check_signatures: bool = True,
) -> LedgerReport:
    """Verify every stream (or one) with seals, heads, signatures, case rows and the latest checkpoint.
    `check_signatures=False` leaves out the SM2 verifications only (benchmarks of the hash rate)."""
    from zhifa.domain.events import signed_event_types
    from zhifa.services.projection_check import ProjectionCheck
    from zhifa.store.ledger_repo import SqlKeyStore, SqlLedgerStore, settings_sealer

    with snapshot(engine) as uow:
        store = SqlLedgerStore(uow.session)
        heads = {k: h for k, h in store.heads().items() if stream is None or k == stream}
        if stream is not None and not heads and store.count(stream) == 0:
            raise NotFound(f"账本流 {stream} 不存在或没有记录", code="stream_not_found")
        projection = ProjectionCheck(uow.session, stream)

        def feed(record: Record) -> None:
            projection.feed(record)
            if on_record is not None:
                on_record(record)

        report = verify_all(
            store.iter_records(batch_size, stream_id=stream),
            SignatureChecker(SqlKeyStore(uow.session)) if check_signatures else None,
            signed_event_types(),
            on_record=feed,
            sealer=settings_sealer(),
            heads=heads,
        )
        report.other.extend(projection.finish())
        if stream is None:
            report.other.extend(_latest_checkpoint_problems(uow))
    return report


def _latest_checkpoint_problems(uow: UnitOfWork) -> list[Problem]:
    text = checkpoint_repo.latest_statement(uow.session)
    if text is None:
        return []
    try:
        cp = load_checkpoint(text)
    except ValidationFailed as exc:
        return [Problem("（检查点）", 0, exc.code, f"最近一次存储的检查点本身无效：{exc.message}")]
    problem = _extends(uow, cp)
    if problem is None:
        return []
    wiped = problem.code == "checkpoint_stream_missing" and not checkpoint_repo.stream_entries(uow.session)
    code = "ledger_wiped" if wiped else problem.code
    what = "账本已被清空：" if wiped else ""
    message = f"{what}账本不再是 {cp.created_at} 检查点的延续：{problem.message}"
    return [Problem(problem.stream_id, 0, code, message)]


def _extends(uow: UnitOfWork, cp: Checkpoint) -> ExtensionProblem | None:
    wanted = {stream_id: length for stream_id, length, _h in cp.streams}
    current = dict(scan_against(checkpoint_repo.chain_rows(uow.session), wanted))
    return extension_problem(cp, current)


@dataclass(frozen=True)
class CheckpointTaken:
    """A checkpoint just taken and stored."""

    id: int
    checkpoint: Checkpoint


def take_checkpoint(engine: Engine, var_dir: Path | None = None) -> CheckpointTaken:
    """Sign and store a checkpoint of every stream's length and head hash."""
    settings = get_settings()
    private = checkpoint_key(var_dir or settings.var_dir, settings.key_encryption_secret)
    with snapshot(engine) as uow:
        entries = checkpoint_repo.stream_entries(uow.session)
    cp = sign_checkpoint(entries, utc_now(), private)
    with UnitOfWork(engine) as uow:
        row_id = checkpoint_repo.add_checkpoint(uow.session, cp)
        enqueue_checkpoint(uow.session, row_id, cp.to_json(), cp.created_at)
        uow.commit()
    return CheckpointTaken(row_id, cp)


@dataclass(frozen=True)
class AgainstResult:
    """Outcome of verify --against: the checkpoint, whose key signed it, the first stream not extended."""

    checkpoint: Checkpoint
    known_key: bool
    problem: ExtensionProblem | None


def check_against(engine: Engine, text: str | bytes, var_dir: Path | None = None) -> AgainstResult:
    """Check a checkpoint file's signature (ValidationFailed if bad) and that the ledger extends it."""
    cp = load_checkpoint(text)
    with snapshot(engine) as uow:
        known = cp.key_id in checkpoint_repo.checkpoint_key_ids(uow.session)
        problem = _extends(uow, cp)
    return AgainstResult(cp, known or _is_server_key(cp.key_id, var_dir), problem)


def _is_server_key(key_id: str, var_dir: Path | None) -> bool:
    import json

    from zhifa.ledger.server_key import key_path

    path = key_path(var_dir or get_settings().var_dir)
    try:
        return bool(json.loads(path.read_text(encoding="utf-8")).get("key_id") == key_id)
    except (OSError, ValueError):
        return False

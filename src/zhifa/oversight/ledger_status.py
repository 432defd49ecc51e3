"""The ledger's status for the 纪检 view: the newest signed checkpoint (signature checked) and whether
the ledger today still extends it (nothing removed or rolled back), re-checked at most every
`TTL_SECONDS` (the extension check reads every record's hash: seconds at a million records)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from zhifa.errors import ValidationFailed
from zhifa.ledger.checkpoint import load_checkpoint
from zhifa.store import checkpoint_repo
from zhifa.store.models.ledger import LedgerHead
from zhifa.store.uow import UnitOfWork

TTL_SECONDS = 600
_CACHE: dict[str, tuple[float, dict[str, Any]]] = {}
_LOCK = threading.Lock()


def forget() -> None:
    """Drop the cached status (tests, or after a new checkpoint)."""
    with _LOCK:
        _CACHE.clear()


def status(uow: UnitOfWork) -> dict[str, Any]:
    """Checkpoint and extension status, cached per database for TTL_SECONDS (`checked_at` says when)."""
    key = str(uow.engine.url)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None and time.monotonic() - hit[0] < TTL_SECONDS:
            return hit[1]
    result = _check(uow)
    with _LOCK:
        _CACHE[key] = (time.monotonic(), result)
    return result


def _check(uow: UnitOfWork) -> dict[str, Any]:
    from zhifa.services.ledger_audit import _latest_checkpoint_problems

    with uow:
        session = uow.session
        streams, records = session.execute(
            select(func.count(), func.coalesce(func.sum(LedgerHead.seq), 0))
        ).one()
        now = {"streams": int(streams), "records": int(records)}
        checked_at = datetime.now(UTC).isoformat(timespec="seconds")
        text = checkpoint_repo.latest_statement(session)
        if text is None:
            return {
                "ok": None, "checked_at": checked_at, "ledger": now, "checkpoint": None,
                "message": "尚未生成签名检查点：请由运维人员运行 zhifa ledger checkpoint（建议每日一次）",
                "problems": [],
            }  # fmt: skip
        try:
            cp = load_checkpoint(text)
        except ValidationFailed as exc:
            return {
                "ok": False, "checked_at": checked_at, "ledger": now, "checkpoint": None,
                "message": f"最近一次存储的检查点本身无效：{exc.message}", "problems": [exc.code],
            }  # fmt: skip
        problems = _latest_checkpoint_problems(uow)
    return {
        "ok": not problems,
        "checked_at": checked_at,
        "ledger": now,
        "checkpoint": {
            "created_at": cp.created_at,
            "streams": len(cp.streams),
            "records": cp.record_count,
            "root": cp.root,
            "key_id": cp.key_id,
            "signature": "SM2 签名有效",
        },
        "message": "账本是该检查点的延续：检查点之后没有删除或回退任何记录"
        if not problems
        else "；".join(p.message for p in problems),
        "problems": [p.code for p in problems],
    }

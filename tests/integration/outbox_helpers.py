"""Helpers for the outbox tests: a decided case through the services, a loopback receiver wired to targets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from datetime import date as D
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.integration.case_helpers import World, evidence_body, file_body, report_body
from zhifa.config import reset_settings
from zhifa.integrations.obligations import TARGET_CODES
from zhifa.integrations.receiver import Inbox, start_receiver
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork

SECRET = "推送测试密钥-secret"
LI = {
    "kind": "person",
    "name": "李建国",
    "id_number": "11010519491231002X",
    "address": "湖北省武汉市江岸区解放大道1号3栋",
}


def decided(w: World, party: dict[str, Any], penalty: dict[str, Any], facts: str = "") -> str:
    """A case from clue to a served decision (程序规定 第十八条至第六十二条); returns its id."""
    case = w.clue(D(2026, 3, 2), party)
    w.do(w.head, case, "file", file_body(w, party), D(2026, 3, 4))
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    extra = {"facts": facts} if facts else {}
    w.do(w.h1, case, "report", report_body(penalty, **extra), D(2026, 3, 10))
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    w.do(w.head, case, "approve", {"penalty": penalty}, D(2026, 3, 12))
    w.do(w.h1, case, "notice", {}, D(2026, 3, 12))
    w.do(
        w.h1,
        case,
        "serve",
        {"document": "notice", "method": "in_person", "served_on": "2026-03-12"},
        D(2026, 3, 12),
    )
    w.do(w.h1, case, "statement", {"kind": "waiver", "stated_on": "2026-03-13"}, D(2026, 3, 13))
    decision = {"outcome": "penalty", "penalty": penalty, "reasons": "事实清楚，证据确凿"}
    w.do(w.head, case, "decide", decision, D(2026, 3, 20))
    return case


def rows(engine: Engine, target: str | None = None) -> list[OutboxRow]:
    """Outbox rows in id order (detached copies)."""
    with UnitOfWork(engine, read_only=True) as uow:
        q = select(OutboxRow).order_by(OutboxRow.id)
        if target:
            q = q.where(OutboxRow.target == target)
        found = list(uow.session.scalars(q))
        uow.session.expunge_all()
        return found


@contextmanager
def receiver(monkeypatch: pytest.MonkeyPatch, *codes: str, secret: str = SECRET) -> Iterator[Inbox]:
    """A receiver on 127.0.0.1 with the given targets (all by default) pointed at it."""
    server, inbox = start_receiver(secret)
    port = server.server_address[1]
    for code in codes or TARGET_CODES:
        monkeypatch.setenv(f"ZHIFA_PUSH_URL_{code.upper()}", f"http://127.0.0.1:{port}/{code}")
        monkeypatch.setenv(f"ZHIFA_PUSH_SECRET_{code.upper()}", SECRET)
    try:
        yield inbox
    finally:
        server.shutdown()
        server.server_close()


def add_rows(
    engine: Engine, count: int, streams: int, targets: tuple[str, ...] = ("credit_publicity",)
) -> None:
    """SYNTHETIC outbox rows (a minimal valid envelope) over `streams` cases, round robin, for each target."""
    now = datetime.now(UTC)
    with UnitOfWork(engine) as uow:
        for i in range(count):
            for target in targets:
                case_id, delivery_id = f"{i % streams:032x}", uuid.uuid4().hex
                doc = {
                    "schema": "zhifa.push/1", "delivery_id": delivery_id, "target": target,
                    "obligation": "publish", "event": "DecisionIssued", "case_id": case_id, "seq": i,
                    "legal_basis": "合成测试数据", "data": {"n": i},
                }  # fmt: skip
                row = dict(
                    delivery_id=delivery_id, target=target, obligation="publish", stream_id=f"case-{case_id}",
                    case_id=case_id, source_seq=i, event_type="DecisionIssued", legal_basis="合成测试数据",
                    due_on=None, payload=json.dumps(doc), status="pending", attempts=0, next_attempt_at=now,
                    last_error="", created_at=now,
                )  # fmt: skip
                uow.session.add(OutboxRow(**row))
        uow.commit()


def in_order_per_queue(engine: Engine, inbox: Inbox) -> bool:
    """Each (target, case) received its rows in id order (first receipt of each delivery id)."""
    ids = {r.delivery_id: (r.target, r.stream_id, r.id) for r in rows(engine)}
    last: dict[tuple[str, str], int] = {}
    for delivery in inbox.order:
        target, stream, row_id = ids[delivery]
        if last.get((target, stream), -1) > row_id:
            return False
        last[(target, stream)] = row_id
    return True


def database_url(engine: Engine) -> str:
    """The URL another process reaches this test's database with (PostgreSQL: with the schema)."""
    url = engine.url
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            schema = conn.exec_driver_sql("SHOW search_path").scalar_one()
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def zhifa_process(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`zhifa ARGS…` in a process group of its own (killpg stops it and the workers it spawned)."""
    code = "import sys; from zhifa.cli import main; sys.argv = ['zhifa', *sys.argv[1:]]; main()"
    env = {**env, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, start_new_session=True)


@contextmanager
def outbox_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> Iterator[None]:
    """A var directory and key-encryption secret of the test's own (plus `env`), settings re-read."""
    monkeypatch.setenv("ZHIFA_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ZHIFA_KEY_ENCRYPTION_SECRET", "outbox-test-secret")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    reset_settings()
    yield
    reset_settings()

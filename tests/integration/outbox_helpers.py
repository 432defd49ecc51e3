"""Helpers for the outbox tests: a decided case through the services, a loopback receiver wired to targets."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date as D
from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.integration.case_helpers import World, evidence_body, file_body, report_body
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

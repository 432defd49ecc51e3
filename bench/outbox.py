"""Benchmark of outbox delivery: N rows over S cases pushed by one worker to the local receiver (127.0.0.1).

The rows are SYNTHETIC (a masked decision payload of realistic size, copied), in a fresh SQLite or the
database given; prints deliveries per second, the per-pass figures and that the receiver got each once.

Usage: python bench/outbox.py [--rows 2000] [--streams 200] [--database-url URL]
(--database-url: a SCRATCH database — the bench migrates it and leaves its rows there; default a temp SQLite.)
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from zhifa.config import reset_settings
from zhifa.integrations.receiver import start_receiver
from zhifa.services.outbox_worker import run_once
from zhifa.store.db import make_engine
from zhifa.store.migrate import upgrade
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork

SECRET = "bench-secret"


def _payload(delivery_id: str, case_id: str, seq: int) -> str:
    data = {
        "docno": f"岸市监处罚〔2026〕{seq}号", "decided_on": "2026-03-20", "outcome": "penalty",
        "violation": "销售超过保质期的食品", "legal_basis": "《食品安全法》第一百二十四条第一款第五项",
        "penalty": {"kinds": ["fine"], "fine": "5000.00"}, "reasons": "事实清楚，证据确凿" * 5,
        "facts": "经查，当事人李某在经营场所销售超过保质期的预包装食品12件，货值金额360元。" * 6,
        "party": {"kind": "person", "name": "李某", "address": "湖北省武汉市江岸区****"},
    }  # fmt: skip
    doc = {
        "schema": "zhifa.push/1", "delivery_id": delivery_id, "target": "credit_publicity",
        "obligation": "publish", "event": "DecisionIssued", "case_id": case_id, "seq": seq,
        "occurred_on": "2026-03-20", "agency_path": "/420000/420100/420102/",
        "legal_basis": "《市场监督管理行政处罚信息公示规定》第九条", "due_on": "2026-04-20", "data": data,
    }  # fmt: skip
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fill(url: str, rows: int, streams: int) -> None:
    """Insert the synthetic rows."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    with UnitOfWork(engine) as uow:
        for i in range(rows):
            case_id, delivery_id = f"{i % streams:032x}", uuid.uuid4().hex
            values = dict(
                delivery_id=delivery_id, target="credit_publicity", obligation="publish",
                stream_id=f"case-{case_id}", case_id=case_id, source_seq=i, event_type="DecisionIssued",
                legal_basis="公示规定 第九条", due_on=None, payload=_payload(delivery_id, case_id, i),
                status="pending", attempts=0, next_attempt_at=now, last_error="", created_at=now,
            )  # fmt: skip
            uow.session.add(OutboxRow(**values))
        uow.commit()
    engine.dispose()


def main() -> None:
    """Fill, deliver, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="zhifa-outbox-bench-")
    url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    fill(url, args.rows, args.streams)
    server, inbox = start_receiver(SECRET)
    port = server.server_address[1]
    os.environ["ZHIFA_PUSH_URL_CREDIT_PUBLICITY"] = f"http://127.0.0.1:{port}/credit_publicity"
    os.environ["ZHIFA_PUSH_SECRET_CREDIT_PUBLICITY"] = SECRET
    reset_settings()
    started = time.perf_counter()
    passes = delivered = 0
    while delivered < args.rows:
        report = run_once(engine)
        passes += 1
        delivered += report.delivered
        if report.delivered == 0:
            break
    elapsed = time.perf_counter() - started
    server.shutdown()
    rate = delivered / elapsed
    print(f"database: {engine.dialect.name}; rows {args.rows} over {args.streams} cases; one worker")
    print(f"delivered {delivered} in {elapsed:.2f} s over {passes} passes: {rate:.0f} deliveries/s")
    got = len(inbox.deliveries)
    print(f"receiver: {got} distinct, {inbox.duplicates} duplicates, {inbox.requests} requests")


if __name__ == "__main__":
    main()

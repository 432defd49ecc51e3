"""Benchmark of outbox delivery to the local receiver (127.0.0.1, in a process of its own).

1. Throughput: --rows rows over --streams cases delivered by 1 and by 4 worker processes (each its own
   lease owner, as `zhifa outbox run --workers N`); deliveries per second from the start signal to the last
   delivery; every row must reach the receiver once (duplicates are counted).
2. End-to-end delay: rows written one transaction each at --rate per second for --seconds (as a decision's
   transaction writes them) while the workers of `zhifa serve --outbox-workers N` run (poll 0.5 s); delay
   = the receiver's receipt minus the row's commit time; p50/p95/max.

The rows are SYNTHETIC (a masked decision payload of realistic size), in a fresh SQLite or the database
given (a SCRATCH database: the bench migrates it and deletes the outbox rows it made).

Usage: python bench/outbox.py [--rows 4000] [--streams 400] [--rate 50] [--seconds 20] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from zhifa.config import reset_settings
from zhifa.integrations.receiver import start_receiver
from zhifa.integrations.transport import push_client
from zhifa.services.outbox_leases import new_owner
from zhifa.services.outbox_pool import start_workers, stop_workers
from zhifa.services.outbox_worker import run_once
from zhifa.store.db import make_engine
from zhifa.store.migrate import upgrade
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork

SECRET = "bench-secret-outbox-0123456789"
TARGET = "credit_publicity"
CTX = mp.get_context("spawn")


def _payload(delivery_id: str, case_id: str, seq: int) -> str:
    data = {
        "docno": f"岸市监处罚〔2026〕{seq}号", "decided_on": "2026-03-20", "outcome": "penalty",
        "violation": "销售超过保质期的食品", "legal_basis": "《食品安全法》第一百二十四条第一款第五项",
        "penalty": {"kinds": ["fine"], "fine": "5000.00"}, "reasons": "事实清楚，证据确凿" * 5,
        "facts": "经查，当事人李某在经营场所销售超过保质期的预包装食品12件，货值金额360元。" * 6,
        "party": {"kind": "person", "name": "李某", "address": "湖北省武汉市江岸区****"},
    }  # fmt: skip
    doc = {
        "schema": "zhifa.push/1", "delivery_id": delivery_id, "target": TARGET,
        "obligation": "publish", "event": "DecisionIssued", "case_id": case_id, "seq": seq,
        "occurred_on": "2026-03-20", "agency_path": "/420000/420100/420102/",
        "legal_basis": "《市场监督管理行政处罚信息公示规定》第九条", "due_on": "2026-04-20", "data": data,
    }  # fmt: skip
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _row(i: int, streams: int) -> OutboxRow:
    case_id, delivery_id, now = f"{i % streams:032x}", uuid.uuid4().hex, datetime.now(UTC)
    return OutboxRow(
        delivery_id=delivery_id, target=TARGET, obligation="publish", stream_id=f"case-{case_id}",
        case_id=case_id, source_seq=i, event_type="DecisionIssued", legal_basis="公示规定 第九条",
        due_on=None, payload=_payload(delivery_id, case_id, i), status="pending", attempts=0,
        next_attempt_at=now, last_error="", created_at=now,
    )  # fmt: skip


def fill(url: str, rows: int, streams: int) -> None:
    """Insert the synthetic rows in one transaction."""
    engine = make_engine(url)
    with UnitOfWork(engine) as uow:
        uow.session.add_all([_row(i, streams) for i in range(rows)])
        uow.commit()
    engine.dispose()


def clear(url: str) -> None:
    """Delete the bench's rows (all outbox rows of the scratch database)."""
    engine = make_engine(url)
    with UnitOfWork(engine) as uow:
        uow.session.execute(delete(OutboxRow))
        uow.commit()
    engine.dispose()


def _receiver(port_q: Any, stop_q: Any, out_q: Any) -> None:
    server, inbox = start_receiver(SECRET)
    port_q.put(server.server_address[1])
    cpu = time.process_time()
    stop_q.get()
    server.shutdown()
    with inbox.lock:
        out_q.put(
            {"distinct": len(inbox.deliveries), "duplicates": inbox.duplicates, "requests": inbox.requests,
             "received_at": {d: t.timestamp() for d, t in inbox.received_at.items()},
             "receiver_cpu": time.process_time() - cpu}
        )  # fmt: skip


class Receiver:
    """The receiver in a process of its own (the workers' CPU is not shared with it under one GIL)."""

    def __enter__(self) -> Receiver:
        self.port_q, self.stop_q, self.out_q = CTX.Queue(), CTX.Queue(), CTX.Queue()
        self.proc = CTX.Process(target=_receiver, args=(self.port_q, self.stop_q, self.out_q), daemon=True)
        self.proc.start()
        port = self.port_q.get(timeout=60)
        os.environ[f"ZHIFA_PUSH_URL_{TARGET.upper()}"] = f"http://127.0.0.1:{port}/{TARGET}"
        os.environ[f"ZHIFA_PUSH_SECRET_{TARGET.upper()}"] = SECRET
        reset_settings()
        return self

    def result(self) -> dict[str, Any]:
        """Stop the receiver; what it got."""
        self.stop_q.put(True)
        got: dict[str, Any] = self.out_q.get(timeout=120)
        self.proc.join(30)
        return got

    def __exit__(self, *exc: object) -> None:
        if self.proc.is_alive():
            self.proc.terminate()


def _drain(url: str, index: int, count: int, go: Any, out_q: Any) -> None:
    engine = make_engine(url)
    owner, delivered, last, idle = new_owner(), 0, time.time(), 0
    with push_client(10) as http:
        run_once(engine, http, owner=owner, limit=1)  # connect, import and warm up before the signal
        go.wait()
        cpu = time.process_time()
        while idle < 5:
            report = run_once(engine, http, owner=owner, index=index, count=count, limit=2000)
            if report.delivered:
                delivered, last, idle = delivered + report.delivered, time.time(), 0
            else:
                idle += 1
                time.sleep(0.05)
    out_q.put((delivered, last, time.process_time() - cpu))
    engine.dispose()


def throughput(url: str, rows: int, streams: int, workers: int) -> dict[str, Any]:
    """Deliver `rows` by `workers` processes; deliveries per second."""
    clear(url)
    fill(url, rows, streams)
    with Receiver() as receiver:
        go, out_q = CTX.Event(), CTX.Queue()
        procs = [CTX.Process(target=_drain, args=(url, i, workers, go, out_q)) for i in range(workers)]
        for p in procs:
            p.start()
        time.sleep(3 + workers)  # the workers import, connect and warm up
        started = time.time()
        go.set()
        results = [out_q.get(timeout=1800) for _ in procs]
        for p in procs:
            p.join(60)
        got = receiver.result()
    delivered = sum(n for n, _t, _c in results)
    elapsed = max(t for _n, t, _c in results) - started
    got["worker_cpu"] = sum(c for _n, _t, c in results)
    return {
        "workers": workers,
        "delivered": delivered,
        "seconds": elapsed,
        "rate": delivered / elapsed,
        **got,
    }


def end_to_end(url: str, rate: float, seconds: float, streams: int, workers: int) -> dict[str, Any]:
    """Rows written one transaction each at `rate`/s while `workers` serve-side workers run."""
    clear(url)
    engine = make_engine(url)
    with Receiver() as receiver:
        procs = start_workers(workers)
        time.sleep(3 + workers)
        total, started = int(rate * seconds), time.perf_counter()
        for i in range(total):
            with UnitOfWork(engine) as uow:
                uow.session.add(_row(i, streams))
                uow.commit()
            pause = started + (i + 1) / rate - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        deadline = time.time() + 120
        while time.time() < deadline:
            with UnitOfWork(engine, read_only=True) as uow:
                left = uow.session.scalar(
                    select(OutboxRow.id).where(OutboxRow.status != "delivered").limit(1)
                )
            if left is None:
                break
            time.sleep(0.2)
        stop_workers(procs)
        got = receiver.result()
    with UnitOfWork(engine, read_only=True) as uow:
        created = dict(uow.session.execute(select(OutboxRow.delivery_id, OutboxRow.created_at)).all())
    engine.dispose()
    delays = sorted(
        got["received_at"][d] - (c if c.tzinfo else c.replace(tzinfo=UTC)).timestamp()
        for d, c in created.items()
        if d in got["received_at"]
    )
    p95 = delays[min(len(delays) - 1, int(0.95 * len(delays)))]
    return {
        "rows": total, "received": len(delays), "duplicates": got["duplicates"],
        "p50": statistics.median(delays), "p95": p95, "max": delays[-1],
    }  # fmt: skip


def main() -> None:
    """Throughput with 1 and 4 workers, then the end-to-end delay; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--streams", type=int, default=400)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 4])
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="zhifa-outbox-bench-")
    url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
    os.environ["ZHIFA_DATABASE_URL"] = url
    os.environ.setdefault("ZHIFA_VAR_DIR", str(Path(tmp) / "var"))
    reset_settings()
    engine = make_engine(url)
    upgrade(engine)
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"database: {engine.dialect.name}; load average before: {load}")
    engine.dispose()
    for n in args.workers:
        r = throughput(url, args.rows, args.streams, n)
        print(
            f"{n} worker(s): {r['delivered']} rows over {args.streams} cases in {r['seconds']:.2f} s = "
            f"{r['rate']:.0f} deliveries/s; receiver {r['distinct']} distinct, {r['duplicates']} duplicates, "
            f"{r['requests']} requests; CPU per delivery: workers "
            f"{1000 * r['worker_cpu'] / r['delivered']:.2f} ms, "
            f"receiver {1000 * r['receiver_cpu'] / r['delivered']:.2f} ms"
        )
    e = end_to_end(url, args.rate, args.seconds, args.streams, max(args.workers))
    print(
        f"end to end ({max(args.workers)} workers, {args.rate:.0f} rows/s for {args.seconds:.0f} s): "
        f"{e['received']}/{e['rows']} received, p50 {e['p50'] * 1000:.0f} ms, p95 {e['p95'] * 1000:.0f} ms, "
        f"max {e['max'] * 1000:.0f} ms, {e['duplicates']} duplicates"
    )
    clear(url)
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()

"""Several outbox workers on one database (issue 19): each row sent once, in order per (target, case), under
a lease; a killed pool loses nothing and duplicates no effect; workers started beside `zhifa serve`."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from tests.integration.outbox_helpers import (
    add_rows,
    database_url,
    in_order_per_queue,
    outbox_settings,
    receiver,
    rows,
    zhifa_process,
)
from zhifa.services.outbox_leases import claim_head, holds, new_owner
from zhifa.services.outbox_pool import run_workers_once, start_workers, stop_workers
from zhifa.services.outbox_worker import MARK_SECONDS, run_once
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork

TARGETS = ("credit_publicity", "internet_plus")


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    with outbox_settings(monkeypatch, tmp_path, ZHIFA_PUSH_TIMEOUT_SECONDS="5"):
        yield


def _all_delivered(engine: Engine) -> bool:
    return all(r.status == "delivered" and r.lease_owner is None for r in rows(engine))


def test_four_workers_send_each_row_once_in_order_per_case(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_rows(engine, 120, streams=10, targets=TARGETS)
    with receiver(monkeypatch, *TARGETS) as inbox:

        def worker(index: int) -> None:
            owner = new_owner()
            while run_once(engine, owner=owner, index=index, count=4, limit=50).delivered:
                pass

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        for _ in range(3):  # a worker may stop early when its last queue was another's
            run_once(engine)
    assert len(inbox.deliveries) == 240 and inbox.requests == 240 and inbox.duplicates == 0
    assert in_order_per_queue(engine, inbox) and _all_delivered(engine)


def test_a_live_lease_is_respected_a_lapsed_one_taken_over_and_a_lost_lease_records_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_rows(engine, 1, streams=1)
    head = rows(engine)[0]
    now = datetime.now(UTC)
    other = "another-host:4242:abc"  # a worker on another machine: its process cannot be checked from here
    assert claim_head(engine, head.id, other, now, None)
    with receiver(monkeypatch, "credit_publicity") as inbox:
        report = run_once(engine)
        assert report.delivered == 0 and report.leased == 1 and inbox.requests == 0
        mine = new_owner()
        assert not claim_head(engine, head.id, mine, now, other)
        with UnitOfWork(engine) as uow:  # the other worker's lease lapses
            uow.session.execute(update(OutboxRow).values(lease_until=now - timedelta(seconds=1)))
            uow.commit()
        assert claim_head(engine, head.id, mine, now, other)
        with UnitOfWork(engine) as uow:
            assert holds(uow.session, head.id, other) is None  # the late worker may not store its outcome
            assert holds(uow.session, head.id, mine) is not None
        assert run_once(engine, owner=mine).delivered == 1 and inbox.requests == 1


def test_kill_9_of_a_pool_of_workers_loses_nothing_and_duplicates_no_effect(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_rows(engine, 30, streams=6, targets=TARGETS)
    with receiver(monkeypatch, *TARGETS) as inbox:
        inbox.slow_seconds = 0.2
        inbox.fail_next(*["slow"] * 60)  # each stored at once, answered 0.2 s later
        env = {**os.environ, "ZHIFA_DATABASE_URL": database_url(engine), "ZHIFA_PUSH_TIMEOUT_SECONDS": "60"}
        pool = zhifa_process("outbox", "run", "--workers", "3", env=env)
        try:
            for _ in range(3600):
                if len(inbox.deliveries) >= 12 or pool.poll() is not None:
                    break
                time.sleep(0.05)
            os.killpg(pool.pid, signal.SIGKILL)
        finally:
            pool.wait(30)
        assert pool.returncode == -signal.SIGKILL and 12 <= len(inbox.deliveries) < 60
        inbox.faults.clear()
        left = [r for r in rows(engine) if r.status != "delivered"]
        assert left and any(r.lease_owner for r in left)  # killed while holding leases
        for _ in range(5):
            run_once(engine)
    # resent: what each killed worker had sent since its last mark (MARK_SECONDS at 0.2 s a request)
    assert len(inbox.deliveries) == 60 and inbox.duplicates <= 3 * (int(MARK_SECONDS / 0.2) + 2)
    assert in_order_per_queue(engine, inbox) and _all_delivered(engine)


def test_worker_processes_beside_the_cli_and_the_server(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_rows(engine, 20, streams=4)
    monkeypatch.setenv("ZHIFA_DATABASE_URL", database_url(engine))
    with receiver(monkeypatch, "credit_publicity") as inbox:
        report = run_workers_once(2)
        assert report.delivered == 20 and len(inbox.deliveries) == 20
        add_rows(engine, 10, streams=5)
        procs = start_workers(2, poll=0.1)
        try:
            for _ in range(1800):
                if len(inbox.deliveries) == 30:
                    break
                time.sleep(0.1)
        finally:
            stop_workers(procs)
        assert len(inbox.deliveries) == 30 and inbox.duplicates == 0
        add_rows(engine, 5, streams=5)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = zhifa_process("serve", "--port", str(port), "--outbox-workers", "1", env=dict(os.environ))
        try:
            for _ in range(1800):
                if len(inbox.deliveries) == 35 or server.poll() is not None:
                    break
                time.sleep(0.1)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
    assert len(inbox.deliveries) == 35 and _all_delivered(engine)

"""N outbox workers as processes (beside `zhifa outbox run --workers N` or `zhifa serve --outbox-workers N`).

Each process opens its own engine on ZHIFA_DATABASE_URL and runs the worker loop with its own lease owner;
worker i of N starts its passes at its own share of the queues. A worker process ends when its parent is
gone (so that a killed server leaves no orphan workers behind) or when it is terminated.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue as queue_mod
from multiprocessing.process import BaseProcess
from typing import Any

from zhifa.config import get_settings
from zhifa.errors import StorageUnavailable
from zhifa.services.outbox_worker import RunReport, run_forever, run_once
from zhifa.store.db import make_engine

_CTX = mp.get_context("spawn")  # a fresh interpreter: no engine, lock or thread inherited from the parent


def _report(data: dict[str, Any]) -> RunReport:
    return RunReport(
        delivered=data["delivered"], retrying=data["retrying"], dead=data["dead"], waiting=data["waiting"],
        leased=data["leased"], not_configured=set(data["not_configured"]),
    )  # fmt: skip


def _worker(index: int, count: int, poll: float, parent: int, results: Any) -> None:
    engine = make_engine(get_settings().database_url)
    try:
        if results is not None:
            results.put(run_once(engine, index=index, count=count).to_dict())
            return
        run_forever(engine, poll, index=index, count=count, stop=lambda: os.getppid() != parent)
    except KeyboardInterrupt:
        return
    finally:
        engine.dispose()


def start_workers(count: int, poll: float = 0.5) -> list[BaseProcess]:
    """Start `count` worker processes delivering until terminated (or until this process is gone)."""
    args = [(i, count, poll, os.getpid(), None) for i in range(count)]
    procs = [_CTX.Process(target=_worker, args=a, daemon=True, name=f"outbox-{a[0]}") for a in args]
    for p in procs:
        p.start()
    return procs


def stop_workers(procs: list[BaseProcess], timeout: float = 10.0) -> None:
    """Terminate the worker processes and wait for them (a row being sent is sent again later)."""
    for p in procs:
        p.terminate()
    for p in procs:
        p.join(timeout)


def run_workers_once(count: int) -> RunReport:
    """One pass by each of `count` worker processes at the same time; their reports summed."""
    results = _CTX.Queue()
    procs = [
        _CTX.Process(target=_worker, args=(i, count, 0.0, os.getpid(), results), name=f"outbox-{i}")
        for i in range(count)
    ]
    for p in procs:
        p.start()
    total, got = RunReport(), 0
    while got < count:
        try:
            total.add(_report(results.get(timeout=0.5)))
            got += 1
        except queue_mod.Empty:
            if not any(p.is_alive() for p in procs) and results.empty():
                break
    for p in procs:
        p.join()
    failed = [p.name for p in procs if p.exitcode]
    if failed:
        raise StorageUnavailable(f"投递进程异常退出：{'、'.join(failed)}", code="outbox_worker_failed")
    return total

"""Sustained clue intake over HTTP on PostgreSQL: an open-loop load of R clues/s for S seconds against
uvicorn (as `zhifa serve` runs it), each a new demo clue (labelled 演示, fictitious subjects) through the real
API — key check, validation, grading, routing, ledger append, intake row, callback row, commit.

Latency is measured from each request's *scheduled* time (a request that waits for a free connection counts
its wait: no coordinated omission) and, separately, from the moment it was sent.

Usage: python bench/intake_http.py [--rate 200] [--seconds 60] [--workers 3] [--threads 4] [--connections 64]
       [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections import Counter
from pathlib import Path

from loadgen import (
    CpuMeter,
    RawClient,
    create_database,
    drop_database,
    free_port,
    pct,
    start_uvicorn,
    wait_healthy,
)

ROOT = Path(__file__).resolve().parent.parent


def prepare(url: str) -> str:
    """Migrate, load the agencies, enable one source with a callback URL; returns its API key."""
    from zhifa.identity.agencies import load_hubei_agencies
    from zhifa.integrations.sources import enable_source
    from zhifa.store.db import make_engine
    from zhifa.store.migrate import upgrade
    from zhifa.store.uow import UnitOfWork

    engine = make_engine(url)
    upgrade(engine)
    with UnitOfWork(engine) as uow:
        load_hubei_agencies(uow.session)
        uow.commit()
    key = enable_source(UnitOfWork(engine), "food_trade", "http://127.0.0.1:9/intake_callback").key
    engine.dispose()
    return key


async def drive(  # type: ignore[no-untyped-def]
    base: str,
    key: str,
    bodies: list[dict],
    rate: float,
    connections: int,
    warmup: float,
    grace: float,  # type: ignore[type-arg]
):
    """Send bodies[i] at start + i/rate over a pool of keep-alive connections; returns the measurements."""
    host, _, port = base.removeprefix("http://").partition(":")
    pool: asyncio.Queue[RawClient] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(RawClient(host, int(port)))
    scheduled_ms: list[float] = []
    service_ms: list[float] = []
    statuses: Counter[int] = Counter()
    examples: list[str] = []
    start = time.perf_counter() + 0.2

    give_up = start + len(bodies) / rate + grace  # a request not sent by then is counted as not sent

    async def one(i: int, body: dict) -> None:  # type: ignore[type-arg]
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        client = await pool.get()
        if time.perf_counter() > give_up:
            pool.put_nowait(client)
            if due - start >= warmup:
                statuses[0] += 1
            return
        sent = time.perf_counter()
        try:
            answer = await client.request(
                "POST", "/api/v1/intake/clues", json=body, headers={"X-Api-Key": key}
            )
            status = answer.status_code
        except Exception as exc:
            status, answer = 599, None
            if len(examples) < 5:
                examples.append(f"{type(exc).__name__}: {exc}")
        finally:
            pool.put_nowait(client)
        done = time.perf_counter()
        if due - start >= warmup:
            statuses[status] += 1
            scheduled_ms.append(done - due)
            service_ms.append(done - sent)
            if status != 201 and answer is not None and len(examples) < 5:
                examples.append(f"{status} {answer.text[:200]}")

    await asyncio.gather(*(one(i, b) for i, b in enumerate(bodies)))
    took = time.perf_counter() - start
    while not pool.empty():
        await pool.get_nowait().aclose()
    return scheduled_ms, service_ms, statuses, examples, took


def main() -> None:
    """Run and print the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--warmup", type=float, default=5)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument(
        "--grace", type=float, default=10, help="s past the schedule's end: unsent ones are given up"
    )
    ap.add_argument(
        "--url",
        default=os.environ.get(
            "ZHIFA_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    args = ap.parse_args()
    from zhifa.integrations.simulate import demo_clues
    from zhifa.services.cases import china_today

    load_before = os.getloadavg()[0]
    bench_url = create_database(args.url)
    server = None
    try:
        key = prepare(bench_url)
        total = int(args.rate * (args.seconds + args.warmup))
        bodies = demo_clues("food_trade", total, china_today(), seed=None)
        port = free_port()
        env = {
            **os.environ,
            "ZHIFA_DATABASE_URL": bench_url,
            "ZHIFA_ENV": "test",
            "ZHIFA_THREADS": str(args.threads),
        }
        server = start_uvicorn(
            "zhifa.web.app:create_app",
            port,
            env,
            args.workers,
            ROOT,
            http="zhifa.web.server:NoDelayHTTPProtocol",
        )
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base)
        meter = CpuMeter(server.pid)
        scheduled, service, statuses, examples, took = asyncio.run(
            drive(base, key, bodies, args.rate, args.connections, args.warmup, args.grace)
        )
        cpu = meter.stop()
        measured = args.seconds
        print(
            f"zhifa intake HTTP load — PostgreSQL, uvicorn workers={args.workers} threads={args.threads}, "
            f"{args.connections} connections, offered {args.rate:g} clues/s for {args.seconds:g} s "
            f"(+{args.warmup:g} s warm-up not recorded); demo clues (演示)"
        )
        print(f"load average before {load_before:.2f}, after {os.getloadavg()[0]:.2f} (2 cores shared)")
        ok = statuses.get(201, 0)
        print(
            f"answers {dict(statuses)}; achieved {ok / measured:.1f} clues/s created; run took {took:.1f} s"
        )
        print(
            f"latency from schedule: p50 {pct(scheduled, 50):.1f} ms p95 {pct(scheduled, 95):.1f} ms "
            f"p99 {pct(scheduled, 99):.1f} ms max {1000 * max(scheduled):.0f} ms"
        )
        print(
            f"latency from send:     p50 {pct(service, 50):.1f} ms p95 {pct(service, 95):.1f} ms "
            f"p99 {pct(service, 99):.1f} ms"
        )
        if cpu:
            n = max(1, len(scheduled))
            print(
                "CPU ms per clue: "
                + " ".join(f"{k} {1000 * v / n:.2f}" for k, v in sorted(cpu.items()))
                + f"; other work on the machine {meter.others / took:.2f} cores"
            )
        for example in examples:
            print("  e.g.", example)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_database(args.url, bench_url)


if __name__ == "__main__":
    main()

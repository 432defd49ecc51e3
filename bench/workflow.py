"""Benchmark: case operations through the HTTP API on PostgreSQL with 50 concurrent simulated officers.

    .venv/bin/python bench/workflow.py [--seconds 20] [--officers 50] [--workers 3] [--threads 2]
                                       [--think S | --rate R] [--warmup S] [--reconnect 8] [--client raw]

Creates a fresh database (dropped afterwards), loads the Hubei agencies, a 负责人 per county and the
officers (pairs of 办案人员 in 江岸 and 赤壁), starts uvicorn (as `zhifa serve` does) on a free local port
and lets every officer run case after case: register a clue, the head files it, two pieces of evidence,
the investigation report, the case detail (with its verified timeline) twice and the case list. Prints
operations per second, latency percentiles overall and per operation, and the CPU milliseconds per
operation spent by the client, the server and PostgreSQL (all on the same 2 cores).
Target on a 2-core machine: ≥ 300 ops/s, p99 ≤ 100 ms.

Without pacing the officers form a closed loop that saturates the server, so by Little's law the mean
latency is 50 / throughput (300 ops/s ⇒ 167 ms): the latency target presupposes paced officers —
`--rate 6` has each officer aim at 6 operations per second (300 offered), `--think` pauses at random.
Operations are counted when they start within the measured window (after the warm-up, before the end);
the officers then finish the case they are in, unrecorded, and the CPU is read at the window's end.
The case endpoints run on each worker's event loop (zhifa.web.inline), one request at a time per
process, so PostgreSQL round trips are overlapped by running more workers than cores: 3 measured best
here (2026-11-26, trial runs with these endpoints on the loop: p99 61–66 ms against 200–250 ms
with 2). `--threads` sizes the pool that the other endpoints run in (`zhifa serve --threads`,
ZHIFA_THREADS).
The database is created for the run, so PostgreSQL has no statistics on it yet, and this machine's
server runs with autovacuum off: with statistics of near-empty tables the planner takes the case list
("mine": a subtree and a handler) for a few rows and keeps a nested loop that rescans case_handlers per
case — it grows with the square of the cases (11 ms of PostgreSQL per list at 300 cases, 0.3 ms once
analysed; seen: 185 million tuples read in one run, 3.3 ms of PostgreSQL CPU per operation). A live
database has autovacuum, which analyses a table after 10 % of it changed; the bench stands in for it:
VACUUM ANALYZE, at autovacuum's cost-based pace, at the end of the warm-up (`--warmup`, 3 s by default)
and every `--vacuum` seconds (5 by default; its CPU counts as PostgreSQL's, as autovacuum's would).
Each officer opens a new connection per case (`--reconnect 8`): uvicorn's workers share one listening
socket and a keep-alive connection stays with the worker that accepted it, so 50 connections opened at
once can all land on one worker (seen: 21.1/0.2 CPU s), which then runs alone; the last line shows it.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from loadgen import (
    CpuMeter,
    Recorder,
    create_database,
    drop_database,
    free_port,
    make_client,
    print_figures,
    start_uvicorn,
    wait_healthy,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
COUNTIES = (("420102", "江岸"), ("421281", "赤壁"))


def bench_app() -> Any:
    """The app as `zhifa serve` builds it (the threadpool size comes as ZHIFA_THREADS, as `--threads`)."""
    from zhifa.web.app import create_app

    return create_app()


def prepare(url: str, officers: int) -> dict[str, Any]:
    """Migrate, load agencies and users, create tokens; returns the tokens and user ids."""
    from zhifa.identity.agencies import load_hubei_agencies
    from zhifa.identity.auth import create_token
    from zhifa.identity.users import add_user
    from zhifa.store.db import make_engine
    from zhifa.store.migrate import upgrade
    from zhifa.store.uow import UnitOfWork

    engine = make_engine(url)
    upgrade(engine)
    people: list[tuple[str, str, str, str]] = []  # username, agency, role, credential
    for code, _ in COUNTIES:
        people.append((f"head_{code}", code, "head", f"{code}2026H001"))
    for i in range(officers):
        code = COUNTIES[i % 2][0]
        people.append((f"officer_{i:02d}", code, "handler", f"{code}2026{i:04d}"))
    ids: dict[str, int] = {}
    with UnitOfWork(engine) as uow:
        load_hubei_agencies(uow.session)
        for username, code, role, credential in people:
            user = add_user(
                uow.session,
                None,
                username=username,
                display_name=username,
                agency_code=code,
                roles=[role],
                password="Bench2026pw!",
                credential_no=credential,
            )
            ids[username] = user.id
        uow.commit()
    tokens = {name: create_token(UnitOfWork(engine), uid, label="bench").token for name, uid in ids.items()}
    engine.dispose()
    return {"ids": ids, "tokens": tokens}


def case_bodies(today: Any, party: dict[str, str], me: int, mate: int) -> dict[str, Any]:
    """The request bodies of one case's flow (also run in process by ops_cpu.py)."""
    return {
        "clue": {
            "source": "complaint",
            "discovered_on": (today - timedelta(days=3)).isoformat(),
            "summary": "消费者投诉商品未明码标价",
            "party": party,
        },
        "file": {
            "party": party,
            "act_date": (today - timedelta(days=10)).isoformat(),
            "violation": "不按规定明码标价",
            "handler_ids": [me, mate],
        },
        "evidence": [
            {
                "item": {"kind": "record", "title": title, "source": "现场检查"},
                "collected_on": today.isoformat(),
                "co_handler_id": mate,
            }
            for title in ("现场检查笔录", "价格标签照片")
        ],
        "report": {
            "facts": "经查，当事人经营的12种商品未明码标价。",
            "proposed_outcome": "penalty",
            "proposal": {"kinds": ["fine"], "fine": "2000"},
            "discretion_reasons": "当事人初次违法并当场改正，依裁量基准从轻处罚",
            "legal_basis": ["《价格违法行为行政处罚规定》第十三条"],
        },
    }


async def officer(
    i: int,
    base: str,
    world: dict[str, Any],
    rec: Recorder,
    stop_at: float,
    client: tuple[str, int] = ("raw", 0),
) -> None:
    """One simulated officer: case after case until the time is up."""
    from zhifa.services.cases import china_today

    code = COUNTIES[i % 2][0]
    me, mate = f"officer_{i:02d}", f"officer_{(i + 2) % world['officers']:02d}"
    tok, head = world["tokens"], f"head_{code}"
    today = china_today()
    hdr = {"Authorization": f"Bearer {tok[me]}"}
    await asyncio.sleep(i * world["ramp"] / world["officers"])  # officers do not all log on at one instant
    async with make_client(base, *client) as client:
        n = 0
        while time.perf_counter() < stop_at:
            n += 1
            uscc = world["uscc"][(n * world["officers"] + i) % len(world["uscc"])]
            party = {"kind": "organization", "name": f"压测商贸有限公司{i:02d}{n:04d}", "uscc": uscc}
            bodies = case_bodies(today, party, world["ids"][me], world["ids"][mate])
            created = await rec.call(
                client, "register", "POST", "/api/v1/cases", json=bodies["clue"], headers=hdr
            )
            if created is None:
                continue
            cid = created["case"]["id"]
            head_hdr = {"Authorization": f"Bearer {tok[head]}"}
            await rec.call(
                client,
                "file",
                "POST",
                f"/api/v1/cases/{cid}/actions/file",
                json=bodies["file"],
                headers=head_hdr,
            )
            for body in bodies["evidence"]:
                await rec.call(
                    client,
                    "add-evidence",
                    "POST",
                    f"/api/v1/cases/{cid}/actions/add-evidence",
                    json=body,
                    headers=hdr,
                )
            await rec.call(client, "detail", "GET", f"/api/v1/cases/{cid}", headers=hdr)
            await rec.call(
                client,
                "report",
                "POST",
                f"/api/v1/cases/{cid}/actions/report",
                json=bodies["report"],
                headers=hdr,
            )
            await rec.call(client, "detail", "GET", f"/api/v1/cases/{cid}", headers=hdr)
            await rec.call(client, "list", "GET", "/api/v1/cases", params={"mine": True}, headers=hdr)


class Vacuum:
    """VACUUM ANALYZE of the bench database, as autovacuum does on a live one (see the docstring).

    One connection, opened before the run: opening it inside the measured window (a new engine, the
    dialect's first-connect queries) held the client's GIL for ~0.4 s each time, and every officer's
    request in flight then counted that stall as server latency. A VACUUM itself waits in psycopg with
    the GIL released."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import text

        from zhifa.store.db import make_engine

        self.engine = make_engine(url, isolation_level="AUTOCOMMIT")
        self.conn = self.engine.connect()
        # autovacuum's own pace (autovacuum_vacuum_cost_delay 2 ms per vacuum_cost_limit 200 of page work):
        # a manual VACUUM runs unthrottled and took 0.15–0.2 s of both cores at once, an outage no live
        # server's autovacuum makes
        self.conn.execute(text("SET vacuum_cost_delay = '2ms'"))
        self.statement = text("VACUUM (ANALYZE)")

    def run(self) -> None:
        """One VACUUM ANALYZE of the whole database."""
        self.conn.execute(self.statement)

    def close(self) -> None:
        """Close the connection (before the database is dropped)."""
        self.conn.close()
        self.engine.dispose()


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--threads", type=int, default=2, help="threads per worker (0: anyio's 40), as serve --threads"
    )
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean pause between an officer's operations (s)"
    )
    parser.add_argument("--rate", type=float, default=0.0, help="operations per second per officer (paced)")
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="seconds run first but not recorded (then ANALYZE)"
    )
    parser.add_argument(
        "--vacuum", type=float, default=5.0, help="VACUUM ANALYZE every S s (autovacuum's part; 0: once)"
    )
    parser.add_argument("--ramp", type=float, default=1.0, help="seconds over which the officers start")
    parser.add_argument(
        "--reconnect", type=int, default=8, help="raw client: new connection after N requests (0: keep one)"
    )
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw", help="officers' HTTP client")
    parser.add_argument(
        "--http", default="zhifa.web.server:NoDelayHTTPProtocol", help="uvicorn --http (as `zhifa serve`)"
    )
    parser.add_argument("--url", default=os.environ.get("ZHIFA_BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    if args.officers < 4:
        parser.error("--officers must be at least 4 (officers work in pairs within each county)")
    from zhifa.demo.identifiers import org_code

    load_before = f"{os.getloadavg()[0]:.2f}"
    bench_url = create_database(args.url)
    server = vacuum = None
    try:
        world = prepare(bench_url, args.officers)
        world["officers"], world["ramp"] = args.officers, args.ramp
        world["uscc"] = [org_code("420102", 5000 + k) for k in range(5000)]
        port = free_port()
        env = {
            **os.environ,
            "ZHIFA_DATABASE_URL": bench_url,
            "ZHIFA_ENV": "test",
            "ZHIFA_THREADS": str(args.threads),
        }
        server = start_uvicorn(
            "workflow:bench_app", port, env, args.workers, ROOT, http=args.http, app_dir=ROOT / "bench"
        )
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, tries=200)
        vacuum = Vacuum(bench_url)
        rec = Recorder(args.think, args.rate)
        # What setup built (SQLAlchemy, zhifa's modules) stays: frozen, the client's full collections skip
        # it instead of stalling every officer's request in flight (the server does the same: zhifa.web.app)
        gc.collect()
        gc.freeze()
        started = time.perf_counter()
        stop_at = started + args.warmup + args.seconds
        rec.record_from, rec.record_until = started + args.warmup, stop_at
        meters: list[CpuMeter] = []
        cpu: dict[str, float] = {}
        server_pid = server.pid

        async def run_all() -> None:
            async def measure() -> None:  # CPU is counted from the end of the warm-up, like operations
                await asyncio.sleep(args.warmup)
                await asyncio.to_thread(vacuum.run)
                meters.append(CpuMeter(server_pid))
                while args.vacuum and time.perf_counter() + args.vacuum < stop_at:
                    await asyncio.sleep(args.vacuum)
                    await asyncio.to_thread(vacuum.run)
                await asyncio.sleep(max(0.0, stop_at - time.perf_counter()))
                cpu.update(meters[0].stop())  # the window's CPU; the officers then finish their case

            await asyncio.gather(
                measure(),
                *(
                    officer(i, base, world, rec, stop_at, (args.client, args.reconnect))
                    for i in range(args.officers)
                ),
            )

        asyncio.run(run_all())
        elapsed = stop_at - rec.record_from  # operations are counted when they start within it
        meter = meters[0]
        every = [v for values in rec.latencies.values() for v in values]
        failures = sum(rec.failures.values())
        pacing = f"think {args.think:g} s" if args.think else "closed loop, no think time"
        if args.rate:
            pacing = f"paced at {args.rate:g} ops/s per officer ({args.rate * args.officers:g} offered)"
        print(
            f"zhifa workflow benchmark — PostgreSQL, uvicorn workers={args.workers}, threads="
            f"{args.threads or 40}, {args.officers} officers, {pacing}, client {args.client}"
            + (f" (new connection every {args.reconnect} requests)" if args.reconnect else "")
        )
        print(f"load average before: {load_before}, after: {os.getloadavg()[0]:.2f} (2 cores shared)")
        late = f", behind schedule {rec.late}" if args.rate else ""
        print(f"warm-up {args.warmup:g} s not recorded; " if args.warmup else "", end="")
        print(f"duration {elapsed:.1f} s, operations {len(every)}, failures {failures}{late}")
        print_figures(rec, elapsed, cpu, meter)
    finally:
        if vacuum is not None:
            vacuum.close()
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        drop_database(args.url, bench_url)


if __name__ == "__main__":
    main()

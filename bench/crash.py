"""kill -9 test on PostgreSQL: a burst of case registrations and filings over HTTP against `zhifa serve`,
the server killed with SIGKILL mid-burst, restarted, then checked (issue 15, Tests).

    .venv/bin/python bench/crash.py [--cases 300] [--concurrency 8] [--kill-after 0.4] [--url URL]

Creates a fresh database (dropped afterwards), the Hubei agencies, officers and a 负责人 with API tokens,
starts the real `zhifa serve` (one process) on a free loopback port and runs `--cases` flows at
`--concurrency`: register a clue (POST /api/v1/cases), then the 负责人 files it (立案: a 文号 is issued).
Once `--kill-after` of the flows were acknowledged, the server's process group gets SIGKILL while
requests are in flight. After a restart, it checks:
- `zhifa ledger verify` passes (hash chains, seals, signatures, every cases row against its stream);
- every acknowledged registration has its case row and stream, every acknowledged filing its 文号;
- the 立案 文号 register has no gap and no duplicate per agency/type/year, and every issued number belongs
  to a filed case (no number lost to a transaction that died with the server);
- the restarted server serves a few more flows, and the ledger still verifies.
Prints what was acknowledged, in flight and found; exits 1 naming each failure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import create_database, drop_database, free_port

DEFAULT_URL = os.environ.get("ZHIFA_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
COUNTY = "420102"


def prepare(url: str) -> dict[str, Any]:
    """Migrate; agencies, two officers and a 负责人 of 江岸 with API tokens."""
    from zhifa.identity.agencies import load_hubei_agencies
    from zhifa.identity.auth import create_token
    from zhifa.identity.users import add_user
    from zhifa.store.db import make_engine
    from zhifa.store.migrate import upgrade
    from zhifa.store.uow import UnitOfWork

    engine = make_engine(url)
    upgrade(engine)
    ids: dict[str, int] = {}
    with UnitOfWork(engine) as uow:
        load_hubei_agencies(uow.session)
        for name, role, cred in (
            ("h1", "handler", "0001"),
            ("h2", "handler", "0002"),
            ("head", "head", "H001"),
        ):
            user = add_user(
                uow.session, None, username=f"crash_{name}", display_name=name, agency_code=COUNTY,
                roles=[role], password="Crash2026pw!", credential_no=f"{COUNTY}2026{cred}",
            )  # fmt: skip
            ids[name] = user.id
        uow.commit()
    tokens = {name: create_token(UnitOfWork(engine), uid, label="crash").token for name, uid in ids.items()}
    engine.dispose()
    return {"ids": ids, "tokens": tokens}


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """`zhifa serve` in its own process group; returns once /healthz answers."""
    cmd = [sys.executable, "-c", "from zhifa.cli import main; main()", "serve", "--port", str(port)]
    server = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"zhifa serve exited with {server.returncode}")
        time.sleep(0.1)
    raise RuntimeError("zhifa serve did not answer /healthz within 30 s")


def bodies(n: int, world: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(clue, filing) request bodies of flow n."""
    from zhifa.demo.identifiers import org_code
    from zhifa.services.cases import china_today

    today = china_today()
    party = {
        "kind": "organization",
        "name": f"断电测试商贸有限公司{n:04d}",
        "uscc": org_code(COUNTY, 7000 + n),
    }
    clue = {"source": "complaint", "discovered_on": (today - timedelta(days=2)).isoformat(),
            "summary": "消费者投诉商品未明码标价", "party": party}  # fmt: skip
    handlers = [world["ids"]["h1"], world["ids"]["h2"]]
    filing = {"party": party, "act_date": (today - timedelta(days=9)).isoformat(),
              "violation": "不按规定明码标价", "handler_ids": handlers}  # fmt: skip
    return clue, filing


async def burst(base: str, world: dict[str, Any], first: int, count: int, concurrency: int,
                kill: tuple[subprocess.Popen[bytes], int] | None = None) -> dict[str, Any]:  # fmt: skip
    """Run flows first..first+count-1; kill the server (pid group) once `kill[1]` flows were acknowledged."""
    acked: dict[str, bool] = {}  # case id → filing acknowledged
    state = {"in_flight": 0, "killed_at": None, "errors": 0}
    queue = list(range(first, first + count))
    officer = {"Authorization": f"Bearer {world['tokens']['h1']}"}
    head = {"Authorization": f"Bearer {world['tokens']['head']}"}

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            while queue:
                clue, filing = bodies(queue.pop(0), world)
                state["in_flight"] += 1
                try:
                    reply = await client.post("/api/v1/cases", json=clue, headers=officer)
                    if reply.status_code != 201 and reply.status_code != 200:
                        state["errors"] += 1
                        continue
                    case_id = reply.json()["case"]["id"]
                    acked[case_id] = False
                    reply = await client.post(
                        f"/api/v1/cases/{case_id}/actions/file", json=filing, headers=head
                    )
                    if reply.status_code in (200, 201):
                        acked[case_id] = True
                    else:
                        state["errors"] += 1
                except httpx.HTTPError:
                    state["errors"] += 1
                    if state["killed_at"] is not None:
                        return
                finally:
                    state["in_flight"] -= 1
                if kill is not None and state["killed_at"] is None and sum(acked.values()) >= kill[1]:
                    state["killed_at"] = (len(acked), sum(acked.values()), state["in_flight"])
                    os.killpg(kill[0].pid, signal.SIGKILL)
                    kill[0].wait()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {"acked": acked, **state}


def check(url: str, env: dict[str, str], acked: dict[str, bool]) -> list[str]:
    """The failures found after the restart (empty when all is well)."""
    from zhifa.store.db import make_engine

    failures = []
    verify = subprocess.run(
        [sys.executable, "-c", "from zhifa.cli import main; main()", "ledger", "verify", "--json"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if verify.returncode != 0:
        failures.append(f"ledger verify 未通过：{verify.stdout[-1500:]} {verify.stderr[-500:]}")
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = {r[0]: (r[1], r[2]) for r in conn.execute(text("SELECT id, stage, filing_docno FROM cases"))}
        streams = set(conn.execute(text("SELECT DISTINCT stream_id FROM ledger_events")).scalars())
        issued = conn.execute(
            text("SELECT agency_id, doc_type, year, number, docno FROM docno_issued ORDER BY 1, 2, 3, 4")
        ).all()
    engine.dispose()
    for case_id, filed in acked.items():
        if case_id not in rows or f"case-{case_id}" not in streams:
            failures.append(f"已确认登记的案件 {case_id} 在重启后不存在")
        elif filed and not rows[case_id][1]:
            failures.append(f"已确认立案的案件 {case_id} 没有立案文号")
    series: dict[tuple[int, str, int], list[int]] = {}
    for agency_id, doc_type, year, number, _docno in issued:
        series.setdefault((agency_id, doc_type, year), []).append(number)
    for key, numbers in series.items():
        if numbers != list(range(1, len(numbers) + 1)):
            failures.append(
                f"文号 {key} 不连续或重复：{numbers[:5]}… 共 {len(numbers)} 个，最大 {max(numbers)}"
            )
    used = {docno for _stage, docno in rows.values() if docno}
    orphans = [docno for *_k, docno in issued if docno not in used]
    if orphans:
        failures.append(f"{len(orphans)} 个文号已登记但不属于任何已立案案件，如 {orphans[0]}")
    return failures


def run_loop(coro: Any) -> Any:
    """asyncio.run on a thread of its own: callers that already run an event loop in this thread (a test
    session holding Playwright's sync API open) can still run the burst."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["out"] = asyncio.run(coro)
        except BaseException as exc:
            box["err"] = exc

    worker = threading.Thread(target=target, name="crash-burst")
    worker.start()
    worker.join()
    if "err" in box:
        raise box["err"]
    return box["out"]


def run(base_url: str, cases: int, concurrency: int, kill_after: float, keep: bool = False) -> list[str]:
    """The whole scenario on a fresh database; the failures found."""
    url = create_database(base_url)
    server = None
    try:
        world = prepare(url)
        var_dir = tempfile.mkdtemp(prefix="zhifa-crash-")
        secret = os.environ.get("ZHIFA_KEY_ENCRYPTION_SECRET", "crash-test-secret")
        env = {**os.environ, "ZHIFA_DATABASE_URL": url, "ZHIFA_VAR_DIR": var_dir, "ZHIFA_ENV": "test",
               "ZHIFA_KEY_ENCRYPTION_SECRET": secret}  # fmt: skip
        port = free_port()
        server = start_server(env, port)
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        out = run_loop(burst(base, world, 0, cases, concurrency, (server, max(1, int(cases * kill_after)))))
        acked, killed = out["acked"], out["killed_at"]
        took = time.perf_counter() - started
        print(f"突发：{len(acked)} 个登记、{sum(acked.values())} 个立案得到确认，用时 {took:.1f} s")
        if killed is not None:
            print(f"kill -9 时：已确认登记 {killed[0]}、立案 {killed[1]}，在途请求 {killed[2]}")
        if killed is None:
            return ["突发结束前未能 kill -9（--kill-after 过大）"]
        t0 = time.perf_counter()
        server = start_server(env, port)
        print(f"重启用时 {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        failures = check(url, env, acked)
        print(f"重启后校验用时 {time.perf_counter() - t0:.1f} s")
        more = run_loop(burst(base, world, cases, 10, 2))
        if sum(more["acked"].values()) != 10:
            failures.append(f"重启后的服务只完成了 {sum(more['acked'].values())}/10 个立案")
        acked.update(more["acked"])
        failures += check(url, env, acked)
        return failures
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        if not keep:
            drop_database(base_url, url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--kill-after", type=float, default=0.4, help="share of flows acknowledged before kill -9"
    )
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--keep", action="store_true", help="keep the database for inspection")
    args = parser.parse_args()
    failures = run(args.url, args.cases, args.concurrency, args.kill_after, args.keep)
    for failure in failures:
        print(f"✗ {failure}")
    print("通过：没有丢失已确认的写入，文号无缺号、无重号，账本校验通过。" if not failures else "失败。")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

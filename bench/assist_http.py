"""Benchmark: POST /api/v1/assist over HTTP with the whole library loaded, and the first request after start.

    .venv/bin/python bench/assist_http.py [--dir DIR] [--queries 300] [--detail summary|full] [--rounds 2]

DIR (default ./var/bench-assist) holds a SQLite database and the var directory; the first run fills it as
`make demo` does — migrate, `zhifa law import`, `zhifa precedents import <data>/decisions`, `zhifa assist
train` (a few minutes) — and later runs reuse it. A 办案人员 with an API token is added. Then, per round,
`zhifa serve` starts on a free loopback port and the bench measures: the time until /healthz answers, the
first assist request, and `--queries` requests (the corpus's facts sections, one at a time over one
keep-alive connection, as an officer's browser would send them): p50 / p95 / p99 and the response size.
The server is stopped between rounds, so every round measures a first request after a fresh start.
Target (issue 16): p95 ≤ 10 ms; the first request as fast as the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from loadgen import RawClient, _proc_cpu, free_port
from zhifa.assistant.metrics import percentile as pct

ROOT = Path(__file__).resolve().parent.parent
ZHIFA = [sys.executable, "-c", "from zhifa.cli import main; main()"]  # the `zhifa` command of this checkout


def _env(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ZHIFA_DATABASE_URL": f"sqlite:///{folder / 'zhifa.db'}",
        "ZHIFA_VAR_DIR": str(folder),
        "ZHIFA_ENV": "test",
    }


def _zhifa(env: dict[str, str], *args: str) -> None:
    subprocess.run([*ZHIFA, *args], env=env, check=True)


def prepare(folder: Path, data_dir: Path) -> str:
    """Fill the folder once (laws, precedents, trained model); a fresh API token of a handler."""
    env = _env(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "models" / "assistant.pkl").exists():
        _zhifa(env, "db", "upgrade")
        _zhifa(env, "law", "import")
        _zhifa(env, "precedents", "import", str(data_dir / "decisions"))
        _zhifa(env, "assist", "train")
    os.environ.update({k: env[k] for k in ("ZHIFA_DATABASE_URL", "ZHIFA_VAR_DIR")})
    from zhifa.identity.agencies import load_hubei_agencies
    from zhifa.identity.auth import create_token
    from zhifa.identity.users import add_user, find_user
    from zhifa.store.db import make_engine
    from zhifa.store.uow import UnitOfWork

    engine = make_engine(env["ZHIFA_DATABASE_URL"])
    with UnitOfWork(engine) as uow:
        load_hubei_agencies(uow.session)
        user = find_user(uow.session, "bench_assist")
        if user is None:
            user = add_user(
                uow.session,
                None,
                username="bench_assist",
                display_name="压测办案人员",
                agency_code="420102",
                roles=["handler"],
                password="Bench2026pw!",
                credential_no="4201022026B001",
            )
        uid = user.id
        uow.commit()
    token = create_token(UnitOfWork(engine), uid, label="bench").token
    engine.dispose()
    return token


def queries(data_dir: Path, n: int) -> list[str]:
    """Facts sections of the real decisions (cached parse), cycled to n."""
    from zhifa.config import get_settings
    from zhifa.precedents.loading import load_folder

    facts = [
        r.facts
        for r in load_folder(data_dir / "decisions", get_settings().var_dir / "cache" / "precedents").records
        if len(r.facts) >= 20
    ]
    return [facts[i % len(facts)] for i in range(n)]


async def measure(port: int, pid: int, token: str, texts: list[str], detail: str) -> dict[str, Any]:
    """The first request, then every query one at a time; latencies in ms and sizes in bytes."""
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/api/v1/assist?detail={detail}"
    out: dict[str, Any] = {"latency": [], "bytes": []}
    async with RawClient("127.0.0.1", port, timeout=120) as client:
        start = time.perf_counter()
        first = await client.request("POST", path, json={"facts": texts[0]}, headers=headers)
        out["first_ms"] = (time.perf_counter() - start) * 1000
        if first.status_code != 200:
            raise SystemExit(f"assist answered {first.status_code}: {first.text[:300]}")
        cpu = _proc_cpu(pid)
        for text in texts:
            start = time.perf_counter()
            resp = await client.request("POST", path, json={"facts": text}, headers=headers)
            out["latency"].append((time.perf_counter() - start) * 1000)
            out["bytes"].append(len(resp.content))
            if resp.status_code != 200:
                raise SystemExit(f"assist answered {resp.status_code}: {resp.text[:300]}")
        out["server_cpu_ms"] = (_proc_cpu(pid) - cpu) * 1000 / len(texts)
    return out


def serve_round(folder: Path, token: str, texts: list[str], detail: str) -> dict[str, Any]:
    """Start `zhifa serve`, wait for /healthz, measure, stop."""
    port = free_port()
    env = {**_env(folder), "ZHIFA_THREADS": "2"}
    started = time.perf_counter()
    server = subprocess.Popen(
        [*ZHIFA, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(1200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        ready = time.perf_counter() - started
        figures = asyncio.run(measure(port, server.pid, token, texts, detail))
        figures["ready_s"] = ready
        return figures
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    """Prepare once, then measure `--rounds` fresh server starts."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=ROOT / "var" / "bench-assist")
    ap.add_argument(
        "--data", type=Path, default=Path(os.environ.get("ZHIFA_DATA_DIR", ROOT / "var" / "data"))
    )
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--detail", choices=("summary", "full"), default="summary")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    token = prepare(args.dir.resolve(), args.data.resolve())
    texts = queries(args.data.resolve(), args.queries)
    print(f"load before: {os.getloadavg()[0]:.2f}; {len(texts)} queries; detail={args.detail}")
    for n in range(1, args.rounds + 1):
        f = serve_round(args.dir.resolve(), token, texts, args.detail)
        lat, size = f["latency"], f["bytes"]
        print(
            json.dumps(
                {
                    "round": n,
                    "ready_s": round(f["ready_s"], 2),
                    "first_ms": round(f["first_ms"], 1),
                    "p50_ms": round(pct(lat, 50), 2),
                    "p95_ms": round(pct(lat, 95), 2),
                    "p99_ms": round(pct(lat, 99), 2),
                    "max_ms": round(max(lat), 1),
                    "server_cpu_ms_per_request": round(f["server_cpu_ms"], 2),
                    "bytes_mean": round(sum(size) / len(size)),
                },
                ensure_ascii=False,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

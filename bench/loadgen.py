"""Load-generator helpers for the benchmarks: a lean HTTP/1.1 client, pacing and latency recording, and
CPU accounting per process group.

The client shares the machine's cores with the server and the database, so its own CPU cost matters:
`RawClient` speaks keep-alive HTTP/1.1 over one asyncio connection and costs a fraction of httpx per
request. `CpuMeter` reads /proc (Linux) before and after a run and reports the CPU seconds spent by the
client, the server processes and PostgreSQL, so a figure can say where the two cores went.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url


@dataclass
class Response:
    """The parts of an HTTP response the benchmarks look at (httpx-like names)."""

    status_code: int
    content: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.content)


class RawClient:
    """Keep-alive HTTP/1.1 JSON client over one connection (requests are sent one at a time)."""

    def __init__(self, host: str, port: int, timeout: float = 30.0, max_requests: int = 0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.max_requests = max_requests  # reconnect after this many requests (0: never), as proxies do
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._served = 0

    async def __aenter__(self) -> RawClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection."""
        if self._writer is not None:
            self._writer.close()
            self._reader = self._writer = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Send one request and read its response (reconnects when the server closed the connection)."""
        if params:
            path += "?" + urlencode(
                {k: str(v).lower() if isinstance(v, bool) else v for k, v in params.items()}
            )
        body = b"" if json is None else _dumps(json)
        lines = [
            f"{method} {path} HTTP/1.1",
            f"host: {self.host}:{self.port}",
            f"content-length: {len(body)}",
        ]
        if json is not None:
            lines.append("content-type: application/json")
        lines.extend(f"{k}: {v}" for k, v in (headers or {}).items())
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        return await asyncio.wait_for(self._exchange(raw), self.timeout)

    async def _exchange(self, raw: bytes) -> Response:
        for attempt in (1, 2):
            if self._writer is None:
                self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
                self._served = 0
            assert self._reader is not None
            self._writer.write(raw)
            try:
                await self._writer.drain()
                head = await self._reader.readuntil(b"\r\n\r\n")
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.aclose()
                if attempt == 2:
                    raise
                continue
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            fields = {
                k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines if h)
            }
            if "chunked" in fields.get("transfer-encoding", ""):
                raise RuntimeError("chunked responses are not supported by RawClient")
            content = await self._reader.readexactly(int(fields.get("content-length", "0")))
            self._served += 1
            if fields.get("connection", "").lower() == "close" or self._served == self.max_requests:
                await self.aclose()
            return Response(int(status_line.split(" ", 2)[1]), content)
        raise AssertionError("unreachable")


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _process_groups(server_pid: int) -> dict[int, str]:
    """pid → "server" (the server process and its children) or "postgres"."""
    groups: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            comm = stat[stat.index("(") + 1 : stat.rindex(")")]
            ppid = int(stat.rpartition(")")[2].split()[1])
        except (OSError, ValueError):
            continue
        pid = int(entry.name)
        if pid == server_pid or ppid == server_pid:
            groups[pid] = "server"
        elif comm.startswith("postgres"):
            groups[pid] = "postgres"
    return groups


class CpuMeter:
    """CPU seconds of this process (the client), the server process tree and PostgreSQL over a run."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.available = Path("/proc/self/stat").exists()
        self._start = self._snapshot()

    def _snapshot(self) -> dict[int, tuple[str, float]]:
        if not self.available:
            return {}
        out: dict[int, tuple[str, float]] = {}
        for pid, group in _process_groups(self.server_pid).items():
            try:
                out[pid] = (group, _proc_cpu(pid))
            except OSError:
                continue
        usage = resource.getrusage(resource.RUSAGE_SELF)
        out[0] = ("client", usage.ru_utime + usage.ru_stime)
        cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        busy = sum(int(v) for v in cpu) - int(cpu[3]) - int(cpu[4])  # all but idle and iowait
        out[-1] = ("machine", busy / os.sysconf("SC_CLK_TCK"))
        return out

    def stop(self) -> dict[str, float]:
        """CPU seconds per group since the meter was created ({} where /proc is missing)."""
        end = self._snapshot()
        totals: dict[str, float] = {}
        self.server_processes: list[float] = []  # CPU seconds of each server process (balance check)
        for pid, (group, seconds) in end.items():
            spent = seconds - self._start.get(pid, (group, 0.0))[1]
            totals[group] = totals.get(group, 0.0) + spent
            if group == "server" and pid != self.server_pid:
                self.server_processes.append(spent)
        machine = totals.pop("machine", 0.0)
        self.others = max(0.0, machine - sum(totals.values()))  # CPU seconds of everything else
        return totals


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Recorder:
    """Latencies per operation, and failures. Pacing: `think` = mean pause of an officer between
    operations; `rate` = operations per second each officer aims at (a fixed schedule: an officer who
    falls behind goes on at once, without catching up in a burst; `late` counts those operations)."""

    def __init__(self, think: float = 0.0, rate: float = 0.0) -> None:
        self.think = think
        self.rate = rate
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []
        self.late = 0
        self.record_from = 0.0  # perf_counter time before which operations are warm-up, not recorded
        self.record_until = math.inf  # operations started from then on (officers finishing a case) neither
        self._due: dict[int, float] = {}

    async def call(self, client: Any, op: str, method: str, path: str, **kw: Any) -> Any:
        start = time.perf_counter()
        resp = await client.request(method, path, **kw)
        done = time.perf_counter()
        counted = self.record_from <= start < self.record_until
        if counted:
            self.latencies[op].append(done - start)
        if self.think:
            await asyncio.sleep(random.uniform(0.5, 1.5) * self.think)
        if self.rate:
            due = self._due.get(id(client), start) + 1 / self.rate
            if due < done:
                self.late += counted
                due = done
            self._due[id(client)] = due
            await asyncio.sleep(due - done)
        if resp.status_code >= 400:
            self.failures[op] += counted
            if len(self.examples) < 5:
                self.examples.append(f"{op} {resp.status_code} {resp.text[:200]}")
            return None
        return resp.json()


def make_client(base: str, kind: str, max_requests: int = 0) -> Any:
    """The officer's HTTP client: the lean keep-alive RawClient (default) or httpx.AsyncClient."""
    if kind == "httpx":
        return httpx.AsyncClient(base_url=base, timeout=30)
    host, _, port = base.removeprefix("http://").partition(":")
    return RawClient(host, int(port), max_requests=max_requests)


def pct(values: list[float], p: float) -> float:
    """The p-th percentile in milliseconds."""
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def create_database(base_url: str) -> str:
    """CREATE a fresh database next to the one in base_url; returns its URL."""
    from zhifa.store.db import make_engine

    url = make_url(base_url)
    name = f"zhifa_bench_{os.getpid()}"
    admin = make_engine(url.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(base_url: str, bench_url: str) -> None:
    """DROP the bench database."""
    from zhifa.store.db import make_engine

    admin = make_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(bench_url).database}" WITH (FORCE)'))
    admin.dispose()


def print_figures(rec: Recorder, elapsed: float, cpu: dict[str, float], meter: CpuMeter) -> None:
    """Throughput, latency percentiles overall and per operation, CPU per operation and per worker."""
    every = [v for values in rec.latencies.values() for v in values]
    print(f"throughput {len(every) / elapsed:.1f} ops/s")
    print(f"latency p50 {pct(every, 50):.1f} ms  p95 {pct(every, 95):.1f} ms  p99 {pct(every, 99):.1f} ms")
    for op, values in sorted(rec.latencies.items()):
        print(
            f"  {op:<13} n={len(values):<6} mean {1000 * statistics.mean(values):6.1f} ms  "
            f"p99 {pct(values, 99):6.1f} ms  failures {rec.failures.get(op, 0)}"
        )
    if cpu:
        per_op = " ".join(f"{k} {1000 * v / max(1, len(every)):.2f}" for k, v in sorted(cpu.items()))
        total = sum(cpu.values())
        print(
            f"CPU ms per operation: {per_op} (all {1000 * total / max(1, len(every)):.2f}; "
            f"{total / elapsed:.2f} of the cores busy with these, "
            f"{meter.others / elapsed:.2f} with other work)"
        )
        spread = "/".join(f"{v:.1f}" for v in sorted(meter.server_processes, reverse=True))
        print(f"CPU s per server worker (keep-alive connections stay with one worker): {spread}")
    for example in rec.examples:
        print("  e.g.", example)


def start_uvicorn(
    app: str,
    port: int,
    env: dict[str, str],
    workers: int,
    cwd: Path,
    *,
    http: str,
    app_dir: Path | None = None,
) -> subprocess.Popen[bytes]:
    """uvicorn on 127.0.0.1:port as `zhifa serve` runs it (`app` a factory), quiet."""
    where = ["--app-dir", str(app_dir)] if app_dir is not None else []
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--factory", *where, "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers), "--http", http,
         "--log-level", "warning", "--no-access-log"],
        env=env, cwd=cwd,
    )  # fmt: skip


def wait_healthy(base: str, tries: int = 300) -> None:
    """Poll /healthz until it answers 200 (at most tries × 0.1 s)."""
    for _ in range(tries):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)

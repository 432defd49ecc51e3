"""Benchmark of thermal printing and public verification.

Sets up the demo world in a temporary SQLite database (or --url), issues the 行政处罚决定书 of the demo case
in execution (demo data, labelled 演示), then times:
  - ESC/POS render of that issued version for 58 mm and 80 mm (stored DOCX read and checked against the
    ledger SM3, blocks, wrap, QR, cut), p50/p95;
  - the public verification, page /verify/<sm3> and GET /api/v1/verify/<sm3>, through the whole app (ASGI
    test client: routing, middleware, rate limit, index lookup, chain and signature re-check), p50/p95.

Usage: python bench/escpos.py [--renders 100] [--verifies 200] [--url sqlite:///…]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from zhifa.assistant.metrics import percentile
from zhifa.config import Settings
from zhifa.demo.accounts import load_demo
from zhifa.demo.identifiers import demo_case_id
from zhifa.documents import service as docs
from zhifa.identity.scope import actor_from_user
from zhifa.identity.users import find_user
from zhifa.printing.service import escpos_document
from zhifa.services.cases import china_today
from zhifa.store.db import make_engine
from zhifa.store.migrate import upgrade
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app

BASE = "https://zhifa.example.cn"


def _figures(label: str, times: list[float]) -> None:
    print(f"{label}, n={len(times)}: p50 {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms")


def main() -> None:
    """Run the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--renders", type=int, default=100)
    ap.add_argument("--verifies", type=int, default=200)
    ap.add_argument("--url", default="")
    args = ap.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    tmp = Path(tempfile.mkdtemp(prefix="zhifa-bench-escpos-"))
    url = args.url or f"sqlite:///{tmp / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    load_demo(lambda: UnitOfWork(engine))
    case = demo_case_id("ja-execution-price")
    with UnitOfWork(engine) as uow:
        head = actor_from_user(find_user(uow.session, "jiangan_zhao"))
    issued = docs.issue_document(
        UnitOfWork(engine), head, case, "penalty_decision", china_today(),
        reason="演示：计时用重新制作", with_pdf=False, var_dir=tmp,
    )  # fmt: skip
    seq = str(issued["seq"])
    for width in (58, 80):
        escpos_document(UnitOfWork(engine), head, case, seq, width, BASE, tmp)  # warm caches
        times = []
        for _ in range(args.renders):
            t = time.perf_counter()
            out = escpos_document(UnitOfWork(engine), head, case, seq, width, BASE, tmp)
            times.append((time.perf_counter() - t) * 1000)
        _figures(f"ESC/POS {width} mm 行政处罚决定书 ({len(out.data)} bytes)", times)
    settings = Settings(database_url=url, var_dir=tmp, verify_rate_per_minute=100_000)
    with TestClient(create_app(settings)) as client:
        for label, path in (("verify page", "/verify/"), ("verify API", "/api/v1/verify/")):
            assert client.get(path + issued["sm3"]).status_code == 200
            times = []
            for _ in range(args.verifies):
                t = time.perf_counter()
                answer = client.get(path + issued["sm3"])
                times.append((time.perf_counter() - t) * 1000)
                assert answer.status_code == 200
            _figures(label, times)
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()

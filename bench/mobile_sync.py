"""Benchmark of the phone's sync of a signed 当场处罚 (issue 21): POST /api/v1/cases/summary-penalty.

Each request is what the phone sends when a draft syncs: the decision JSON with the party's signature PNG
(a synthetic canvas signature, 演示), a fresh Idempotency-Key, a bearer token. Per request the server checks
the PNG, allocates the 当罚 文号, appends the SM2-signed ledger event, keeps the PNG as an evidence file and
stores the answer for replay. Then the same drafts are sent again (a resync after lost answers): each is
answered from the idempotency table without creating anything. In-process ASGI (TestClient), one client.

Usage: python bench/mobile_sync.py [--n 200] [--url postgresql+psycopg://…/test]  (default: temporary SQLite;
with --url a database of its own is created next to it and dropped afterwards)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import create_database, drop_database
from zhifa.assistant.metrics import percentile
from zhifa.config import Settings, reset_settings
from zhifa.demo.accounts import load_demo
from zhifa.demo.signature import data_url, demo_signature_png
from zhifa.identity.auth import create_token
from zhifa.identity.users import find_user
from zhifa.services.cases import china_today
from zhifa.store.db import make_engine, make_session_factory
from zhifa.store.migrate import upgrade
from zhifa.store.models import CaseRow
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

SIGNATURE = data_url(demo_signature_png())


def body(i: int, zhang: int, li: int) -> dict[str, object]:
    """One 当场处罚 of a synthetic person (演示), 100 yuan, signed on the canvas."""
    return {
        "party": {"kind": "person", "name": f"演示当事人{i}", "id_number": "11010519491231002X"},
        "act_date": china_today().isoformat(),
        "violation": "不按规定明码标价",
        "basis": "《明码标价和禁止价格欺诈规定》第五条；《价格违法行为行政处罚规定》第十三条",
        "penalty": {"kinds": ["fine"], "fine": "100"},
        "officer_ids": [zhang, li],
        "place": "江岸区台北路农贸市场（演示）",
        "facts": "现场检查发现当事人摊位销售的水果未标示价格（演示数据）",
        "credentials_shown": True,
        "statement": "当事人放弃陈述申辩（演示数据）",
        "party_signature_png": SIGNATURE,
    }


def run(url: str, n: int, var_dir: Path) -> None:
    """Figures for one database."""
    engine = make_engine(url)
    upgrade(engine)
    load_demo(lambda: UnitOfWork(engine))
    with UnitOfWork(engine) as uow:
        zhang, li = (find_user(uow.session, u).id for u in ("jiangan_zhang", "jiangan_li"))
    token = create_token(UnitOfWork(engine), zhang, label="bench").token
    settings = Settings(secret_key="bench-secret", var_dir=var_dir)
    app = create_app(settings)
    app.state.zhifa = AppState(settings=settings, engine=engine, session_factory=make_session_factory(engine))
    client = TestClient(app)
    auth = {"Authorization": f"Bearer {token}"}
    keys = [str(uuid.uuid4()) for _ in range(n + 5)]
    drafts = [body(i, zhang, li) for i in range(n + 5)]
    for k, d in zip(keys[:5], drafts[:5], strict=True):  # warm-up: first requests load code and keys
        assert client.post(
            "/api/v1/cases/summary-penalty", json=d, headers={**auth, "Idempotency-Key": k}
        ).is_success
    first, again = [], []
    for k, d in zip(keys[5:], drafts[5:], strict=True):
        t = time.perf_counter()
        answer = client.post("/api/v1/cases/summary-penalty", json=d, headers={**auth, "Idempotency-Key": k})
        first.append((time.perf_counter() - t) * 1000)
        assert answer.status_code == 201, answer.text
    with UnitOfWork(engine) as uow:
        before = uow.session.scalar(select(func.count()).select_from(CaseRow))
    for k, d in zip(keys[5:], drafts[5:], strict=True):
        t = time.perf_counter()
        answer = client.post("/api/v1/cases/summary-penalty", json=d, headers={**auth, "Idempotency-Key": k})
        again.append((time.perf_counter() - t) * 1000)
        assert answer.headers.get("idempotent-replayed") == "true"
    with UnitOfWork(engine) as uow:
        after = uow.session.scalar(select(func.count()).select_from(CaseRow))
    engine.dispose()
    print(
        f"{engine.dialect.name}: signed 当场处罚 sync, n={n}: p50 {percentile(first, 50):.1f} ms, "
        f"p95 {percentile(first, 95):.1f} ms; resync of the same drafts (replayed): "
        f"p50 {percentile(again, 50):.1f} ms, p95 {percentile(again, 95):.1f} ms; "
        f"cases created by the resync: {after - before}"
    )


def main() -> None:
    """Run on SQLite (default) or on a fresh PostgreSQL database next to --url."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--url", default="")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zhifa-bench-mobile-"))
    os.environ["ZHIFA_VAR_DIR"] = str(tmp / "var")
    reset_settings()
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    if not args.url:
        run(f"sqlite:///{tmp / 'bench.db'}", args.n, tmp / "var")
        return
    bench_url = create_database(args.url)
    try:
        run(bench_url, args.n, tmp / "var")
    finally:
        drop_database(args.url, bench_url)


if __name__ == "__main__":
    main()

"""Ledger benchmark: append rate (unsigned, signed) and verify rate (hash-only, with signatures).

    .venv/bin/python bench/ledger.py [--events 100000] [--signed 2000] [--batch 100]

Runs on a fresh SQLite file and, when reachable, on PostgreSQL (ZHIFA_BENCH_PG_URL or
postgresql+psycopg://postgres@127.0.0.1:5432/test, in a private schema dropped afterwards).
Each append call is one committed unit of work (--batch events for the main run, 10 for the
small-batch and signed runs), as a service would do.
Targets: ≥ 2,000 unsigned appends/s, ≥ 20,000 hash verifications/s, ≥ 200 signature verifications/s.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, text

from zhifa.ledger import NewEvent, SignatureChecker, verify_all
from zhifa.store.db import make_engine
from zhifa.store.ledger_repo import SqlKeyStore, SqlLedgerStore, sql_signer
from zhifa.store.migrate import upgrade
from zhifa.store.models.identity import Agency, User
from zhifa.store.uow import UnitOfWork

PG_URL = os.environ.get("ZHIFA_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PER_STREAM = 100
USERS = 5


def seed_users(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        agency = Agency(code="420000", name="湖北省市场监督管理局", level="province", division_code="420000",
                        docno_prefix="鄂市监", path="/420000/")  # fmt: skip
        uow.session.add(agency)
        uow.flush()
        for uid in range(1, USERS + 1):
            user = User(id=uid, username=f"bench{uid}", display_name=f"执法员{uid}", agency_id=agency.id,
                        password_hash="x", created_at=datetime.now(UTC))  # fmt: skip
            uow.session.add(user)
        uow.commit()


def event(i: int, sign: bool) -> NewEvent:
    payload = {
        "party": f"某某食品经营部{i}",
        "amount": Decimal(f"{i % 997}.50"),
        "items": ["现场检查笔录", i],
    }
    return NewEvent.by_user(1 + i % USERS, "ReviewSigned" if sign else "EvidenceAdded", payload, sign=sign)


def append_all(engine: Engine, prefix: str, total: int, batch: int, sign: bool) -> float:
    start = time.perf_counter()
    for s in range(total // PER_STREAM):
        stream = f"{prefix}-{s:06d}"
        for seq in range(0, PER_STREAM, batch):
            with UnitOfWork(engine) as uow:
                store = SqlLedgerStore(uow.session, sql_signer(uow.session, "bench-secret") if sign else None)
                store.append(stream, [event(s * PER_STREAM + seq + j, sign) for j in range(batch)], seq)
                uow.commit()
    return time.perf_counter() - start


def timed_verify(engine: Engine) -> tuple[float, int]:
    """Hash-chain verification of every record (no signature checks)."""
    with UnitOfWork(engine) as uow:
        start = time.perf_counter()
        report = verify_all(SqlLedgerStore(uow.session).iter_records(5000))
        elapsed = time.perf_counter() - start
        assert report.ok, report.problems[:3]
        return elapsed, report.records


def timed_signature_verify(engine: Engine, prefix: str) -> tuple[float, int]:
    """Full verification (hashes and signatures) of the signed streams only."""
    with UnitOfWork(engine) as uow:
        store = SqlLedgerStore(uow.session)
        streams = [s for s in store.stream_ids() if s.startswith(prefix)]
        checker = SignatureChecker(SqlKeyStore(uow.session))
        start = time.perf_counter()
        signatures = 0
        for stream in streams:
            report = verify_all(store.iter_records(5000, stream_id=stream), checker)
            assert report.ok, report.problems[:3]
            signatures += report.signatures
        return time.perf_counter() - start, signatures


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>10,.0f}/s  ({count:,} in {seconds:.1f} s)"


def run(name: str, engine: Engine, events: int, signed: int, batch: int) -> None:
    print(f"\n== {name} ==  (每次 append 调用即一个已提交的事务；每个账本流 {PER_STREAM} 条)")
    seed_users(engine)
    t = append_all(engine, "plain", events, batch, sign=False)
    print(f"追加（无签名，每次 {batch} 条）   {rate(events, t)}   目标 ≥ 2,000/s")
    small = max(PER_STREAM, events // 10)
    t = append_all(engine, "small", small, 10, sign=False)
    print(f"追加（无签名，每次 10 条）    {rate(small, t)}")
    t = append_all(engine, "signed", signed, 10, sign=True)
    print(f"追加（SM2 签名，每次 10 条）  {rate(signed, t)}   （签名只测 {signed:,} 条）")
    t, n = timed_verify(engine)
    print(f"校验（仅哈希链，全部记录）    {rate(n, t)}   目标 ≥ 20,000/s")
    t, sigs = timed_signature_verify(engine, "signed")
    print(f"校验（哈希+SM2 签名）         {rate(sigs, t)}   目标 ≥ 200 签名/s")


def with_pg(body: Callable[[Engine], None]) -> bool:
    try:
        admin = make_engine(PG_URL, pool_size=1)
        with admin.begin() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        print(f"\n(PostgreSQL 不可达，跳过：{type(exc).__name__})")
        return False
    schema = f"zhifa_bench_{os.getpid()}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        body(engine)
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--signed", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        run("SQLite", engine, args.events, args.signed, args.batch)
        engine.dispose()
    if not args.no_pg:
        with_pg(lambda e: run("PostgreSQL", e, args.events, args.signed, args.batch))


if __name__ == "__main__":
    main()

"""Ledger benchmark: append rate (unsigned, signed), verify rate (hash-only, with signatures), checkpoints.

    .venv/bin/python bench/ledger.py [--events 100000] [--signed 2000] [--batch 100]

Appends are sealed (server seal per record, sealed head row per stream) as the services write them.
The verify figures run `verify_ledger` — seals, heads, the `cases` cross-check and the check against
the newest stored checkpoint on; the hash-only line leaves out the SM2 verifications only. Checkpoint
creation and `verify --against` run over every record (≥ 100,000; target ≤ 10 s each).

Runs on a fresh SQLite file and, when reachable, on PostgreSQL (ZHIFA_BENCH_PG_URL or
postgresql+psycopg://postgres@127.0.0.1:5432/test, in a private schema dropped afterwards).
Each append call is one committed unit of work (--batch events for the main run, 10 for the
small-batch and signed runs), as a service would do.
Targets: ≥ 2,000 unsigned appends/s, ≥ 20,000 hash verifications/s, ≥ 200 signature verifications/s,
checkpoint and verify --against of 100,000 records ≤ 10 s each.
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

from zhifa.config import reset_settings
from zhifa.ledger import NewEvent, SignatureChecker, verify_all
from zhifa.services.ledger_audit import check_against, take_checkpoint, verify_ledger
from zhifa.store.db import make_engine
from zhifa.store.ledger_repo import SqlKeyStore, SqlLedgerStore, settings_sealer, sql_signer
from zhifa.store.migrate import upgrade
from zhifa.store.models.identity import Agency, User
from zhifa.store.uow import UnitOfWork

PG_URL = os.environ.get("ZHIFA_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SECRET = "bench-secret"
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
                signer = sql_signer(uow.session, SECRET) if sign else None
                store = SqlLedgerStore(uow.session, signer, sealer=settings_sealer(SECRET))
                store.append(stream, [event(s * PER_STREAM + seq + j, sign) for j in range(batch)], seq)
                uow.commit()
    return time.perf_counter() - start


def timed_verify(engine: Engine) -> tuple[float, int]:
    """verify_ledger without the SM2 verifications: hashes, seals, heads, cases cross-check, checkpoint."""
    start = time.perf_counter()
    report = verify_ledger(engine, check_signatures=False)
    elapsed = time.perf_counter() - start
    assert report.ok, report.problems[:3]
    return elapsed, report.records


def timed_checkpoint(engine: Engine, var_dir: Path) -> tuple[float, float, int]:
    """(seconds to take and store a checkpoint, seconds for verify --against it, records covered)."""
    start = time.perf_counter()
    taken = take_checkpoint(engine, var_dir)
    made = time.perf_counter() - start
    text = taken.checkpoint.to_json()
    start = time.perf_counter()
    result = check_against(engine, text, var_dir)
    against = time.perf_counter() - start
    assert result.problem is None and result.known_key, result.problem
    return made, against, taken.checkpoint.record_count


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


def run(name: str, engine: Engine, events: int, signed: int, batch: int, var_dir: Path) -> None:
    print(f"\n== {name} ==  (每次 append 调用即一个已提交的事务；每个账本流 {PER_STREAM} 条)")
    seed_users(engine)
    t = append_all(engine, "plain", events, batch, sign=False)
    print(f"追加（无签名，每次 {batch} 条）   {rate(events, t)}   目标 ≥ 2,000/s")
    small = max(PER_STREAM, events // 10)
    t = append_all(engine, "small", small, 10, sign=False)
    print(f"追加（无签名，每次 10 条）    {rate(small, t)}")
    t = append_all(engine, "signed", signed, 10, sign=True)
    print(f"追加（SM2 签名，每次 10 条）  {rate(signed, t)}   （签名只测 {signed:,} 条）")
    made, against, covered = timed_checkpoint(engine, var_dir)
    print(f"生成检查点（{covered:,} 条记录）   {made:6.2f} s   目标 ≤ 10 s")
    print(f"verify --against 检查点       {against:6.2f} s   目标 ≤ 10 s")
    t, n = timed_verify(engine)
    print(f"校验（哈希链+封印+交叉核对）  {rate(n, t)}   目标 ≥ 20,000/s")
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
    global PER_STREAM
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--signed", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument(
        "--per-stream", type=int, default=PER_STREAM, help="records per stream (streams of a case)"
    )
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    PER_STREAM = args.per_stream
    args.batch = min(args.batch, PER_STREAM)
    os.environ["ZHIFA_KEY_ENCRYPTION_SECRET"] = SECRET  # the seals verify_ledger checks
    reset_settings()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        run("SQLite", engine, args.events, args.signed, args.batch, Path(tmp) / "var-sqlite")
        engine.dispose()
        if not args.no_pg:
            with_pg(
                lambda e: run("PostgreSQL", e, args.events, args.signed, args.batch, Path(tmp) / "var-pg")
            )


if __name__ == "__main__":
    main()

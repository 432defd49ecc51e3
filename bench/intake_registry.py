"""Registry lookup at scale: N SYNTHETIC market entities (labelled 演示, fictitious), then lookups by USCC and
name searches through the service (`lookup_entity`, `search_entities`: unit of work, check character, query).

Usage: python bench/intake_registry.py --entities 1000000 \
           --url postgresql+psycopg://postgres@127.0.0.1:5432/test
A fresh database is created next to --url (PostgreSQL) and dropped afterwards; SQLite: a temporary file.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text
from stdnum.cn import uscc

from loadgen import create_database, drop_database, pct
from zhifa.domain.registry import RegistryEntry
from zhifa.identity.divisions import read_divisions
from zhifa.integrations.registry import write_entries
from zhifa.integrations.registry_service import lookup_entity, search_entities
from zhifa.store.db import make_engine
from zhifa.store.migrate import upgrade
from zhifa.store.uow import UnitOfWork

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WORDS = list("华楚荆汉江湖鑫恒泰顺和兴隆盛达通远新源丰安康宏瑞祥福嘉信诚德")
TRADES = ["食品", "商贸", "药房", "电器", "建材", "餐饮", "科技", "服装", "五金", "农资"]


def synthetic(i: int, region: str, rng: random.Random) -> RegistryEntry:
    """Entity number i: a valid USCC (GB 32100 check character) and an invented name marked 演示."""
    body = f"{i:08d}"
    first17 = f"91{region}{body}{ALPHABET[i % 31]}"
    code = first17 + uscc.calc_check_digit(first17)
    name = f"演示{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(TRADES)}有限公司{i}（合成）"
    return RegistryEntry(
        uscc=code,
        name=name,
        entity_type="有限责任公司",
        domicile="湖北省（合成地址）",
        division_code=region,
        status="存续",
        established_on=date(2015, 1, 1),
    )


def main() -> None:
    """Load, then time."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--lookups", type=int, default=2000)
    ap.add_argument("--url", default="")
    args = ap.parse_args()
    rng = random.Random(22)
    regions = [d.code for d in read_divisions() if d.type not in ("省",)]
    bench_url = create_database(args.url) if args.url.startswith("postgresql") else ""
    url = bench_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='zhifa-registry-')) / 'bench.db'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        load = os.getloadavg()[0]
        start = time.perf_counter()
        chunk = 20_000
        now = datetime.now(UTC)
        for first in range(0, args.entities, chunk):
            rows = [
                synthetic(i, regions[i % len(regions)], rng)
                for i in range(first, min(first + chunk, args.entities))
            ]
            with UnitOfWork(engine) as uow:
                write_entries(uow.session, rows, demo=True, source="bench-synthetic", now=now)
                uow.commit()
        took = time.perf_counter() - start
        print(
            f"registry: {args.entities} synthetic entities ({engine.dialect.name}) loaded in {took:.0f} s "
            f"({args.entities / took:.0f} rows/s), load average {load:.2f} → {os.getloadavg()[0]:.2f}"
        )
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE registry_entities")
                conn.commit()
        picks = [rng.randrange(args.entities) for _ in range(args.lookups)]
        codes = [synthetic(i, regions[i % len(regions)], random.Random(0)).uscc for i in picks]
        lookup_entity(UnitOfWork(engine, read_only=True), codes[0])  # warm the pool
        times = []
        for code in codes:
            t = time.perf_counter()
            lookup_entity(UnitOfWork(engine, read_only=True), code)
            times.append(time.perf_counter() - t)
        print(
            f"registry lookup by USCC (service, read-only unit of work): n={len(times)} "
            f"p50 {pct(times, 50):.2f} ms p95 {pct(times, 95):.2f} ms p99 {pct(times, 99):.2f} ms"
        )
        with engine.connect() as conn:  # the index lookup alone, on one held connection
            times = []
            for code in codes:
                t = time.perf_counter()
                conn.execute(text("SELECT * FROM registry_entities WHERE uscc = :u"), {"u": code}).first()
                times.append(time.perf_counter() - t)
        print(
            f"  the same lookups as one SQL statement each on a held connection: p50 {pct(times, 50):.2f} ms "
            f"p95 {pct(times, 95):.2f} ms (the rest is the per-request unit of work and pool checkout)"
        )
        prefixes = [f"演示{rng.choice(WORDS)}{rng.choice(WORDS)}" for _ in range(200)]
        times = []
        for prefix in prefixes:
            t = time.perf_counter()
            search_entities(UnitOfWork(engine, read_only=True), prefix, 10)
            times.append(time.perf_counter() - t)
        print(
            f"registry name search (prefix, 10 hits): n={len(times)} "
            f"p50 {pct(times, 50):.2f} ms p95 {pct(times, 95):.2f} ms; load average {os.getloadavg()[0]:.2f}"
        )
    finally:
        engine.dispose()
        if bench_url:
            drop_database(args.url, bench_url)


if __name__ == "__main__":
    main()

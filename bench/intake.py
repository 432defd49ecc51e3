"""Benchmark of clue intake: routing lookup, grading, and received clues end to end through the service.

Sets up the Hubei agency tree in a temporary SQLite database (or --url, e.g. a PostgreSQL schema), enables
one shipped source, then times:
  - routing: `route()` for addresses and division codes across the province (p50/p95, µs);
  - grading: `grade()` on varied hints (p50/p95, µs);
  - intake: `receive_clue` one after another — grade, route, ledger append, intake row, commit (p50/p95/p99
    and clues per second, one writer) plus replays of the same clues (idempotent answers).
Clues are SYNTHETIC (labelled 演示), for timing only. This is not the issue's sustained 200 clues/s HTTP
load test; that needs a load generator against a running server (see bench/loadgen.py).

Usage: python bench/intake.py [--clues 500] [--url sqlite:///…]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from zhifa.assistant.metrics import percentile
from zhifa.identity.agencies import load_hubei_agencies
from zhifa.identity.divisions import read_divisions, read_stations
from zhifa.integrations.grading import grade
from zhifa.integrations.intake_inputs import ClueIn
from zhifa.integrations.routing import route
from zhifa.integrations.service import receive_clue
from zhifa.integrations.sources import authenticate_source, enable_source
from zhifa.services.cases import china_today
from zhifa.store.db import make_engine
from zhifa.store.migrate import upgrade
from zhifa.store.uow import UnitOfWork

USCC = "91350100M000100Y43"


def timed(fn, items):  # type: ignore[no-untyped-def]
    """Microseconds per call."""
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1e6)
    return out


def show(name: str, us: list[float]) -> None:
    """Print p50/p95/p99 of a list of microsecond timings."""
    us = sorted(us)
    p = [percentile(us, q) for q in (50, 95, 99)]
    print(f"{name}: n={len(us)} p50={p[0]:.0f} µs p95={p[1]:.0f} µs p99={p[2]:.0f} µs")


def main() -> None:
    """Run the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--clues", type=int, default=500)
    ap.add_argument("--url", default="")
    args = ap.parse_args()
    rng = random.Random(18)
    divisions = [d for d in read_divisions() if d.type != "省"]
    stations = read_stations()
    places = [f"湖北省{d.name}某某路{rng.randint(1, 300)}号" for d in divisions]
    places += [f"{s.place}某某小区" for s in stations[:50]] + ["广东省深圳市南山区科技园"]
    route("", "420102", "county")  # load the table once
    show("routing (address)", timed(lambda a: route(a, None, "station"), places * 5))
    show("routing (division code)", timed(lambda d: route("", d.code, "county"), divisions * 5))
    hints = [{"first_violation": rng.random() < 0.5, "complaints_count": rng.randint(0, 30),
              "minors_involved": rng.random() < 0.1} for _ in range(2000)]  # fmt: skip
    values = [rng.randint(0, 200_000) for _ in range(2000)]
    show("grading", timed(grade, [{**h, "goods_value": v} for h, v in zip(hints, values, strict=True)]))

    tmp = Path(tempfile.mkdtemp(prefix="zhifa-bench-intake-"))
    engine = make_engine(args.url or f"sqlite:///{tmp / 'bench.db'}")
    upgrade(engine)
    with UnitOfWork(engine) as uow:
        load_hubei_agencies(uow.session)
        uow.commit()
    source = authenticate_source(UnitOfWork(engine), enable_source(UnitOfWork(engine), "food_trade").key)
    found = (china_today() - timedelta(days=1)).isoformat()
    bodies = [
        ClueIn.model_validate(
            {
                "source_ref": f"BENCH-{tmp.name}-{i}",
                "found_on": found,
                "subject": {"uscc": USCC, "name": "演示商贸有限公司（演示数据）"},
                "address": places[i % len(places)],
                "summary": "演示：日常检查发现销售过期食品（演示数据）",
                "category": "演示",
                "hints": hints[i % len(hints)],
                "amounts": {"goods_value": values[i % len(values)]},
            }
        )
        for i in range(args.clues)
    ]
    start = time.perf_counter()
    took = timed(lambda b: receive_clue(UnitOfWork(engine), source, b, var_dir=tmp), bodies)
    total = time.perf_counter() - start
    show("intake (new clue, one writer)", took)
    print(f"intake throughput: {len(bodies) / total:.0f} clues/s (one writer, {engine.dialect.name})")
    show(
        "intake (replay of a sent clue)",
        timed(lambda b: receive_clue(UnitOfWork(engine), source, b), bodies[:200]),
    )


if __name__ == "__main__":
    main()

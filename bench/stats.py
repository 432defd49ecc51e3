"""Statistics queries at scale on PostgreSQL (issue 20: every summary query p95 ≤ 500 ms at 100,000 cases).

    .venv/bin/python bench/stats.py [--cases 100000] [--years 3] [--repeats 20] [--url postgresql+psycopg://...]

Creates a fresh database, loads the Hubei agency tree, writes the synthetic history (`zhifa stats
synthesize`: statistics tables only, marked 合成), then times each query the dashboard and the API make —
the summary (four rates, counts, 案值, handling days, breaches) for the province, a city, a county and a
station over three years, one year and one month, and every breakdown of the province over one year — in
the service layer, as the API calls it. Prints p50/p95/max in ms per query and the machine's load average.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import create_database, drop_database
from workflow import DEFAULT_URL


def _time(call: Callable[[], object], repeats: int) -> list[float]:
    call()  # warm (plan cache, connection)
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return sorted(out)


def _p(values: list[float], q: int) -> float:
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def run(url: str, cases: int, years: int, repeats: int, fill: bool = True) -> None:
    """Create, fill, measure."""
    from zhifa.identity.agencies import load_hubei_agencies
    from zhifa.stats.breakdown import DIMENSIONS
    from zhifa.stats.service import get_breakdown, get_summary, synthesize_history
    from zhifa.store.db import make_engine
    from zhifa.store.migrate import upgrade
    from zhifa.store.uow import UnitOfWork

    engine = make_engine(url)
    if fill:
        upgrade(engine)
        with UnitOfWork(engine) as uow:
            load_hubei_agencies(uow.session)
            uow.commit()
        started = time.perf_counter()
        made = synthesize_history(UnitOfWork(engine), cases=cases, years=years)
        print(f"synthesized {made} in {time.perf_counter() - started:.1f} s", flush=True)
    with engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("ANALYZE"))
    today = date.today()
    periods = {
        f"{years}y": (today - timedelta(days=365 * years), today),
        "1y": (today - timedelta(days=365), today),
        "1m": (today - timedelta(days=30), today),
    }
    scopes = {"province": "420000", "city 武汉": "420100", "county 江岸": "420102", "station": "420102-01"}
    worst = 0.0

    def row(name: str, call: Callable[[], object]) -> None:
        nonlocal worst
        values = _time(call, repeats)
        worst = max(worst, _p(values, 95))
        print(f"{name:<44} {_p(values, 50):8.1f} {_p(values, 95):8.1f} {values[-1]:8.1f}", flush=True)

    kw = {"synthetic": True, "today": today}
    print(f"{'query':<44} {'p50':>8} {'p95':>8} {'max':>8}  ms")
    for scope, code in scopes.items():
        for label, (start, end) in periods.items():
            args = (code, start, end)
            row(f"summary {scope} {label}", lambda a=args: get_summary(UnitOfWork(engine), None, *a, **kw))
    start, end = periods["1y"]
    for by in DIMENSIONS:
        args = (by, "420000", start, end)
        row(
            f"breakdown province 1y by {by}", lambda a=args: get_breakdown(UnitOfWork(engine), None, *a, **kw)
        )
    load = Path("/proc/loadavg").read_text().strip()
    print(f"worst p95 {worst:.1f} ms (target ≤ 500 ms); load average {load}")
    engine.dispose()


def main() -> None:
    """Parse arguments, run on a fresh database, drop it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("ZHIFA_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the filled database (its URL is printed)")
    parser.add_argument("--reuse", default="", help="measure a database kept by --keep (no filling)")
    args = parser.parse_args()
    if args.reuse:
        run(args.reuse, args.cases, args.years, args.repeats, fill=False)
        return
    bench_url = create_database(args.url)
    try:
        run(bench_url, args.cases, args.years, args.repeats)
    finally:
        if args.keep:
            print(f"kept {bench_url}")
        else:
            drop_database(args.url, bench_url)


if __name__ == "__main__":
    main()

"""Deadline lists (期限预警、压案不办) over many open cases, in process.

    .venv/bin/python bench/deadlines.py [--cases 3000] [--url postgresql+psycopg://...]

Creates a fresh PostgreSQL database with `--cases` open cases in two county bureaus (a quarter left as
clues, the rest filed with two pieces of evidence; every other case also has the investigation report),
then times the lists a 负责人 and the CLI operator ask for: overdue (压案不办) and due within 10 days,
for one county's subtree and for every agency. Each list is timed on its first call in a new process
state (every case replayed from the ledger), on repeated calls (nothing changed) and after 2 % of the
cases moved on (one more piece of evidence each, on cases still under investigation). Prints
milliseconds per list and the items listed.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from datetime import timedelta
from typing import Any

from loadgen import create_database, drop_database
from workflow import DEFAULT_URL, case_bodies, prepare


def run(url: str, cases: int, repeats: int) -> None:
    """Create the cases, then time the lists."""
    from zhifa.demo.identifiers import org_code
    from zhifa.identity.auth import resolve_token
    from zhifa.services import case_store, deadlines
    from zhifa.services.cases import china_today, register_clue, run_action
    from zhifa.store.db import make_engine, make_session_factory
    from zhifa.store.uow import UnitOfWork

    world = prepare(url, 4)
    engine = make_engine(url)
    factory = make_session_factory(engine)

    def uow(read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(engine, factory, read_only=read_only)

    actors = {name: resolve_token(uow(read_only=True), tok) for name, tok in world["tokens"].items()}
    # the act and the clue lie in the past, so some clocks are overdue and some run out soon
    today = china_today()
    started = time.perf_counter()
    ids: list[tuple[str, Any, Any]] = []
    for n in range(cases):
        i = n % 4
        code = "420102" if i % 2 == 0 else "421281"
        me, mate = actors[f"officer_{i:02d}"], actors[f"officer_{(i + 2) % 4:02d}"]
        head = actors[f"head_{code}"]
        party = {
            "kind": "organization",
            "name": f"期限测试商贸有限公司{n:05d}",
            "uscc": org_code(code, 9000 + n),
        }
        day = today - timedelta(days=n % 120)
        bodies = case_bodies(day, party, me.user_id, mate.user_id)
        cid = register_clue(uow(), me, bodies["clue"], day).id
        if n % 4:
            run_action(uow(), head, cid, "file", bodies["file"], day)
            for body in bodies["evidence"]:
                run_action(uow(), me, cid, "add-evidence", body, day)
            if n % 2:
                run_action(uow(), me, cid, "report", bodies["report"], day)
        if n % 4 == 2:  # filed, evidence still open: these are the ones that move on below
            ids.append((cid, me, bodies["evidence"][0]))
    print(f"{cases} open cases created in {time.perf_counter() - started:.0f} s ({engine.dialect.name})")

    lists = {
        "负责人（江岸）逾期": lambda: deadlines.overdue(uow(read_only=True), actors["head_420102"], today),
        "负责人（江岸）10日内到期": lambda: deadlines.due_soon(
            uow(read_only=True), actors["head_420102"], 10, today
        ),
        "全部机构 逾期（CLI）": lambda: deadlines.deadline_list(
            uow(read_only=True), None, today, overdue_only=True
        ),
        "全部机构 10日内到期（CLI）": lambda: deadlines.deadline_list(
            uow(read_only=True), None, today, within_days=10
        ),
    }

    def timed(fn: Any) -> tuple[float, int]:
        before = time.perf_counter()
        items = fn()
        return (time.perf_counter() - before) * 1000, len(items)

    def clear() -> None:  # a new process: no replayed case and no decoded event kept
        deadlines.clear_cache()
        case_store._DECODED.clear()

    print(f"{'list':28s} {'items':>6s} {'first ms':>9s} {'again ms':>9s} {'after 2 % moved ms':>19s}")
    for name, fn in lists.items():
        clear()
        first, count = timed(fn)
        again = statistics.median(timed(fn)[0] for _ in range(repeats))
        for cid, me, body in ids[:: max(1, len(ids) // max(1, cases // 50))][: max(1, cases // 50)]:
            run_action(uow(), me, cid, "add-evidence", body, today)
        moved = timed(fn)[0]
        print(f"{name:28s} {count:6d} {first:9.0f} {again:9.0f} {moved:19.0f}")
    # memory kept after one list of every open case: the replayed cases and their decoded events
    clear()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    lists["全部机构 逾期（CLI）"]()
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    per_case = kept / cases / 1e3
    print(
        f"kept for the next list (replayed cases and decoded events): {kept / 1e6:.1f} MB"
        f" ({per_case:.1f} kB per case)"
    )
    engine.dispose()


def main() -> None:
    """Create the database, run, drop it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--url", default=DEFAULT_URL, help="PostgreSQL base URL (a fresh database is made)")
    args = parser.parse_args()
    bench_url = create_database(args.url)
    try:
        run(bench_url, args.cases, args.repeats)
    finally:
        drop_database(args.url, bench_url)


if __name__ == "__main__":
    main()

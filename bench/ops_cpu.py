"""Per-operation CPU and SQL statements of the case services, in process (no HTTP, no concurrency).

    .venv/bin/python bench/ops_cpu.py [--cases 300] [--url postgresql+psycopg://...|sqlite:///...]

The companion of bench/workflow.py: the same case flow (register, file, two pieces of evidence, detail,
report, detail, "mine" list) run by one thread directly on the services, so the figures are the
services' own CPU (this process only: PostgreSQL's CPU is not in them) and the statements each
operation sends — steady enough to compare two versions of the code, which the HTTP benchmark on this
shared 2-core machine is not (its CPU per operation drifts by ±15 % between runs). The first tenth of the
cases warms the caches and is not counted; the database is ANALYZEd after it (see workflow.py).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, event

from loadgen import create_database, drop_database
from workflow import DEFAULT_URL, Vacuum, case_bodies, prepare

OPS = ("register", "file", "add-evidence", "detail", "report", "list")


def run(url: str, cases: int) -> None:
    """Run `cases` case flows and print CPU µs and statements per operation."""
    from zhifa.demo.identifiers import org_code
    from zhifa.identity.auth import resolve_token
    from zhifa.services.case_detail import case_detail
    from zhifa.services.case_views import list_cases
    from zhifa.services.cases import china_today, register_clue, run_action
    from zhifa.store import hot
    from zhifa.store.db import make_engine, make_session_factory
    from zhifa.store.uow import UnitOfWork

    world = prepare(url, 4)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    statements = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    def sent() -> int:  # through SQLAlchemy, and straight to psycopg (zhifa.store.hot)
        return statements[0] + hot.SENT[0]

    event.listen(Engine, "before_cursor_execute", count)

    def uow(read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(engine, factory, read_only=read_only)

    actors = {name: resolve_token(uow(read_only=True), tok) for name, tok in world["tokens"].items()}
    cpu: dict[str, list[float]] = defaultdict(list)
    sql: dict[str, list[int]] = defaultdict(list)
    warm = max(1, cases // 10)
    today = china_today()

    def timed(op: str, counted: bool, fn: Any, *args: Any, **kwargs: Any) -> Any:
        before_sql, before = sent(), time.process_time()
        result = fn(*args, **kwargs)
        if counted:
            cpu[op].append(time.process_time() - before)
            sql[op].append(sent() - before_sql)
        return result

    for n in range(cases + warm):
        counted = n >= warm
        if n == warm and url.startswith("postgresql"):
            vacuum = Vacuum(url)
            vacuum.run()
            vacuum.close()
        i = n % 4
        code = "420102" if i % 2 == 0 else "421281"
        me, mate = actors[f"officer_{i:02d}"], actors[f"officer_{(i + 2) % 4:02d}"]
        head = actors[f"head_{code}"]
        party = {"kind": "organization", "name": f"压测商贸有限公司{n:05d}", "uscc": org_code(code, 5000 + n)}
        bodies = case_bodies(today, party, me.user_id, mate.user_id)
        cid = timed("register", counted, register_clue, uow(), me, bodies["clue"], today).id
        timed("file", counted, run_action, uow(), head, cid, "file", bodies["file"], today)
        for body in bodies["evidence"]:
            timed("add-evidence", counted, run_action, uow(), me, cid, "add-evidence", body, today)
        timed("detail", counted, case_detail, uow(read_only=True), me, cid, today)
        timed("report", counted, run_action, uow(), me, cid, "report", bodies["report"], today)
        timed("detail", counted, case_detail, uow(read_only=True), me, cid, today)
        timed("list", counted, list_cases, uow(read_only=True), me, handler=me.user_id)
    engine.dispose()
    print(f"{cases} case flows after {warm} warm-up flows; {engine.dialect.name}")
    print(f"{'operation':14s} {'n':>6s} {'CPU µs mean':>12s} {'median':>8s} {'statements':>11s}")
    total_cpu = total_ops = total_sql = 0.0
    for op in OPS:
        values = sorted(cpu[op])
        mean = sum(values) / len(values)
        print(
            f"{op:14s} {len(values):6d} {mean * 1e6:12.0f} {values[len(values) // 2] * 1e6:8.0f}"
            f" {sum(sql[op]) / len(sql[op]):11.1f}"
        )
        total_cpu += sum(values)
        total_ops += len(values)
        total_sql += sum(sql[op])
    print(
        f"all operations: {total_cpu / total_ops * 1e6:.0f} µs CPU"
        f" and {total_sql / total_ops:.2f} statements each"
    )


def main() -> None:
    """Create the database, run, drop it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--url", default=DEFAULT_URL, help="PostgreSQL base URL (a fresh database is made)")
    args = parser.parse_args()
    bench_url = create_database(args.url)
    try:
        run(bench_url, args.cases)
    finally:
        drop_database(args.url, bench_url)


if __name__ == "__main__":
    main()

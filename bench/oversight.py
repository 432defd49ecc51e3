"""Oversight queries (类案同罚, 纪检监督) at 100,000 synthetic cases on PostgreSQL.

    .venv/bin/python bench/oversight.py [--cases 100000] [--repeats 20] [--url postgresql+psycopg://...]

Creates a fresh database, loads the Hubei agency tree and 【合成】 (synthetic) officers, parties and
cases over three years straight into the projection tables the queries read (`cases`, `case_handlers`,
`oversight_penalties`, `oversight_events`, then the officer and officer–party tallies counted from
them) — no ledger: the queries never read it. Every synthetic row is labelled 合成 and the database is
dropped afterwards; nothing is mixed with real data. Then times each query of the consistency report and
of the supervision view (province, city, county; one violation type; the Excel export) and prints
p50 / p95 / max in milliseconds beside the load average.

Not measured here: the overdue list of the supervision view (zhifa.services.deadlines replays the open
cases' ledger streams: bench/deadlines.py) and the ledger status (bench/ledger.py, `verify --against`).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from loadgen import create_database, drop_database
from workflow import DEFAULT_URL

TIERS = (("从轻", 0.0, 0.3), ("一般", 0.3, 0.7), ("从重", 0.7, 1.0))
START = date(2023, 12, 5)
DAYS = 3 * 365
KINDS = ("departure", "changed_at_review", "changed_at_approval", "changed_at_decision", "flag_signed")


def catalog_types() -> list[str]:
    """Violation type ids of the real catalog (file names), so the groups look like real ones."""
    root = Path(__file__).resolve().parents[1] / "src" / "zhifa" / "rules" / "catalog"
    return sorted(p.stem for p in root.glob("*/*.yaml"))[:80]


def generate(engine: Any, n_cases: int, seed: int = 20261205) -> dict[str, int]:
    """Insert the synthetic history; counts per table."""
    from sqlalchemy import insert, select

    from zhifa.identity.agencies import load_hubei_agencies
    from zhifa.store.models import Agency, CaseHandler, CaseRow, OversightEvent, PenaltyFact, User
    from zhifa.store.uow import UnitOfWork

    rnd = random.Random(seed)
    with UnitOfWork(engine) as uow:
        load_hubei_agencies(uow.session)
        uow.commit()
    with UnitOfWork(engine) as uow:
        agencies = uow.session.execute(select(Agency.id, Agency.path, Agency.level)).all()
    units = [a for a in agencies if a.level in ("county", "station")]
    now = datetime.now(UTC)
    users = [
        {
            "username": f"synthetic_{i:05d}",
            "display_name": f"合成办案员{i:05d}",
            "agency_id": rnd.choice(units).id,
            "password_hash": "!合成账号不能登录",
            "active": True,
            "failed_logins": 0,
            "created_at": now,
            "legal_qualification": False,
        }
        for i in range(2000)
    ]
    with UnitOfWork(engine) as uow:
        uow.session.execute(insert(User), users)
        uow.commit()
    with UnitOfWork(engine) as uow:
        officers = uow.session.execute(select(User.id, User.agency_id)).all()
    by_agency: dict[int, list[int]] = {}
    for o in officers:
        by_agency.setdefault(o.agency_id, []).append(o.id)
    staffed = [a for a in units if len(by_agency.get(a.id, [])) >= 2]
    types = catalog_types()
    ranges = {t: (Decimal(rnd.choice((0, 1000, 5000, 10000, 50000))), rnd.choice((5, 10, 20))) for t in types}
    bias = {a.path: rnd.gauss(0, 0.06) for a in staffed}
    parties = [f"91420100SYN{i:07d}" for i in range(30_000)]
    counts = {"cases": 0, "handlers": 0, "penalties": 0, "events": 0}
    batch: dict[str, list[dict[str, Any]]] = {"cases": [], "handlers": [], "penalties": [], "events": []}

    def flush() -> None:
        with UnitOfWork(engine) as uow:
            for name, model in (
                ("cases", CaseRow),
                ("handlers", CaseHandler),
                ("penalties", PenaltyFact),
                ("events", OversightEvent),
            ):
                if batch[name]:
                    uow.session.execute(insert(model), batch[name])
                    counts[name] += len(batch[name])
                    batch[name].clear()
            uow.commit()

    for n in range(n_cases):
        a = rnd.choice(staffed)
        lead, mate = rnd.sample(by_agency[a.id], 2)
        case_id = uuid.uuid4().hex
        filed = START + timedelta(days=rnd.randrange(DAYS))
        party = rnd.choice(parties)
        r = rnd.random()
        stage = (
            "archived"
            if r < 0.88
            else "not_filed"
            if r < 0.96
            else rnd.choice(
                ("clue", "investigation", "review", "approval", "statement", "execution", "suspended")
            )
        )
        decided = filed + timedelta(days=rnd.randrange(20, 90)) if stage == "archived" else None
        last_on = decided or (filed + timedelta(days=rnd.randrange(0, 60)))
        vtype = rnd.choice(types)
        tier, t_lo, t_hi = rnd.choice(TIERS)
        low, mult = ranges[vtype]
        high = low * mult if low else Decimal(rnd.choice((50000, 100000, 200000)))
        pos = min(
            1.0,
            max(
                -0.2,
                rnd.uniform(t_lo, t_hi)
                + bias[a.path]
                + (rnd.choice((-0.5, 0.5)) if rnd.random() < 0.03 else 0),
            ),
        )
        fine = (
            (low + (high - low) * Decimal(str(round(pos, 4)))).quantize(Decimal("0.01")) if decided else None
        )
        if fine is not None and fine < 0:
            fine = Decimal("0.00")
        batch["cases"].append(
            {
                "id": case_id,
                "stream_id": f"case-{case_id}",
                "agency_id": a.id,
                "agency_path": a.path,
                "stage": stage,
                "procedure": "ordinary",
                "title": f"【合成】案件{n:06d}",
                "summary": "合成数据",
                "violation": vtype,
                "party_kind": "organization",
                "party_name": f"【合成】当事人{party[-7:]}",
                "party_code": party,
                "act_date": filed - timedelta(days=30),
                "discovered_on": filed - timedelta(days=5),
                "filed_on": filed,
                "decided_on": decided,
                "outcome": "penalty" if decided else "",
                "fine": fine,
                "penalty_kinds": "fine" if decided else "",
                "filing_docno": "",
                "notice_docno": "",
                "decision_docno": "",
                "last_seq": 10,
                "last_on": last_on,
                "created_by": lead,
                "created_at": now,
                "updated_at": now,
            }
        )
        batch["handlers"] += [{"case_id": case_id, "user_id": lead}, {"case_id": case_id, "user_id": mate}]
        if decided and fine is not None:
            batch["penalties"].append(
                {
                    "case_id": case_id,
                    "agency_path": a.path,
                    "decided_on": decided,
                    "procedure": "ordinary",
                    "outcome": "penalty",
                    "violation_type": vtype,
                    "violation_name": f"【合成】{vtype}",
                    "tier": tier,
                    "officer_id": lead,
                    "party_code": party,
                    "fine": fine,
                    "statutory_low": low,
                    "statutory_high": high,
                    "suggested_fine": fine,
                    "position": round(float((fine - low) / (high - low)), 6),
                    "adherence": "accepted",
                }
            )
        events = []
        if stage == "not_filed":
            events.append(("filing_declined", filed))
        elif decided and rnd.random() < 0.15:
            events.append((rnd.choice(KINDS), decided - timedelta(days=3)))
        if rnd.random() < 0.03:
            events.append(("correction", last_on))
        if stage == "archived" and rnd.random() < 0.01:
            events.append(("terminated", last_on))
        for seq, (kind, on) in enumerate(events, start=3):
            before = Decimal(rnd.randrange(1000, 100000))
            batch["events"].append(
                {
                    "case_id": case_id,
                    "seq": seq,
                    "kind": kind,
                    "agency_path": a.path,
                    "actor_id": lead,
                    "happened_on": on,
                    "ground": "合成",
                    "reason": "【合成】理由",
                    "before": f"罚款{before}元",
                    "after": f"罚款{before * Decimal('0.8')}元",
                    "fine_before": before,
                    "fine_after": before * Decimal("0.8"),
                    "lowered": kind.startswith("changed_at"),
                }
            )
        if len(batch["cases"]) >= 5000:
            flush()
    flush()
    from zhifa.oversight.store import recount_pairs, recount_tallies

    with UnitOfWork(engine) as uow:  # the tallies the projection keeps with each penalty fact and handler row
        counts["officer_tallies"] = recount_tallies(uow.session)
        counts["pair_tallies"] = recount_pairs(uow.session)
        uow.commit()
    return counts


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float, float]:
    """p50, p95, max in ms over `repeats` calls after two warm-up calls."""
    for _ in range(2):
        fn()
    values = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        values.append((time.perf_counter() - t) * 1000)
    values.sort()
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return statistics.median(values), p95, values[-1]


def run(url: str, n_cases: int, repeats: int) -> None:
    """Generate, then time every query."""
    from zhifa.oversight import supervision as sup
    from zhifa.oversight.exports import consistency_xlsx
    from zhifa.oversight.service import consistency_report, scope_filter
    from zhifa.services.calendar import load_calendar
    from zhifa.store.db import make_engine
    from zhifa.store.migrate import upgrade
    from zhifa.store.uow import UnitOfWork

    engine = make_engine(url)
    upgrade(engine)
    t = time.perf_counter()
    counts = generate(engine, n_cases)
    print(f"【合成】数据：{counts}，生成 {time.perf_counter() - t:.1f} s")
    with engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("ANALYZE"))
    types = catalog_types()

    def uow() -> UnitOfWork:
        return UnitOfWork(engine, read_only=True)

    def supervise(agency: str) -> Any:
        with uow() as u:
            f = scope_filter(u, None, agency, None, None)
            return sup.supervise(u.session, f, load_calendar(u), date(2026, 12, 5), 10, 2)

    queries: list[tuple[str, Callable[[], Any]]] = [
        ("consistency 全省 (420000)", lambda: consistency_report(uow(), None, agency="420000")),
        ("consistency 武汉市 (420100)", lambda: consistency_report(uow(), None, agency="420100")),
        ("consistency 江岸区 (420102)", lambda: consistency_report(uow(), None, agency="420102")),
        (
            "consistency 全省 一个违法类型",
            lambda: consistency_report(uow(), None, agency="420000", violation_type=types[3]),
        ),
        (
            "consistency 全省 2026 年",
            lambda: consistency_report(uow(), None, agency="420000", start=date(2026, 1, 1)),
        ),
        ("supervision 全省（不含超期清单）", lambda: supervise("420000")),
        ("supervision 武汉市（不含超期清单）", lambda: supervise("420100")),
        ("supervision 江岸区（不含超期清单）", lambda: supervise("420102")),
        (
            "export.xlsx 类案同罚 全省",
            lambda: consistency_xlsx(consistency_report(uow(), None, agency="420000")),
        ),
    ]
    with uow() as u:  # how slow the machine is right now: this count takes ~5 ms on an idle machine
        from sqlalchemy import text as sql

        t = time.perf_counter()
        for _ in range(5):
            u.session.execute(sql("SELECT count(*) FROM cases")).all()
        print(f"标定：SELECT count(*) FROM cases（10 万行）每次 {(time.perf_counter() - t) * 200:.1f} ms")
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"{'查询':<36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   （{repeats} 次，负载 {' '.join(load)}）")
    for name, fn in queries:
        p50, p95, top = timed(fn, repeats)
        print(f"{name:<36} {p50:8.1f} {p95:8.1f} {top:8.1f}")
    print(f"结束时负载 {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    engine.dispose()


def main() -> None:
    """Parse the arguments, create the database, run, drop it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--url", default=os.environ.get("ZHIFA_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--keep", action="store_true", help="不删除测量用的数据库")
    args = parser.parse_args()
    url = create_database(args.url)
    try:
        run(url, args.cases, args.repeats)
    finally:
        if not args.keep:
            drop_database(args.url, url)


if __name__ == "__main__":
    main()

"""Synthetic history (合成数据) for the statistics at scale: fact rows, officer-days and a roster.

Written only to the statistics tables, every row marked `synthetic`: no ledger record, case, party or user
is made, and every report filters on the marker (docs/statistics.md). The agencies are the real tree (so
names and drill-down look as they will); the cases, dates, officers and amounts are drawn from a seeded
random generator with plausible shapes (most clues filed in days, some left past 15 working days, a few
cases past 90 days, fines log-normal, 10 % of steps entered afterwards, 8 % of decisions not published).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from zhifa.domain.calendar import UnknownCalendarYear, WorkingCalendar
from zhifa.domain.grounds import ClueSource
from zhifa.errors import ValidationFailed
from zhifa.stats.facts import ON_THE_SPOT, levels
from zhifa.stats.projection import ACTIVITY, FACTS
from zhifa.store.models.identity import Agency
from zhifa.store.models.stats import StatsSyntheticOfficer

OFFICERS_PER_LEVEL = {"province": 6, "city": 6, "county": 12, "station": 3}
CASE_WEIGHT = {"province": 1, "city": 4, "county": 30, "station": 4}
SOURCES = [(s.value, w) for s, w in zip(ClueSource, (40, 30, 20, 6, 4), strict=False)]
GRADES = [("一级", 5), ("二级", 60), ("三级", 25), ("", 10)]
BATCH = 5_000


@dataclass(frozen=True)
class Office:
    """An agency of the real tree with its synthetic officers."""

    code: str
    path: str
    officers: tuple[int, ...]
    acting: tuple[int, ...]  # the officers who work in the system (the others never record anything)


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _due(cal: WorkingCalendar, start: date, days: int, *, working: bool = True) -> date | None:
    try:
        return cal.add_working_days(start, days) if working else cal.roll_forward(start + timedelta(days))
    except UnknownCalendarYear:  # a year without holiday table: the due date stays open, as for real cases
        return None


class _Maker:
    """Draws one synthetic case at a time."""

    def __init__(
        self, rng: random.Random, cal: WorkingCalendar, today: date, violations: list[tuple[str, str]]
    ):
        self.rng, self.cal, self.today, self.violations = rng, cal, today, violations

    def _after(self, start: date | None, low: int, high: int) -> date | None:
        if start is None:
            return None
        day = start + timedelta(days=self.rng.randint(low, high))
        return day if day <= self.today else None

    def case(self, n: int, office: Office, registered: date) -> tuple[dict[str, Any], list[tuple[date, int]]]:
        rng = self.rng
        violation, area = rng.choice(self.violations)
        v: dict[str, Any] = {
            "case_id": f"syn{n:029d}", "synthetic": True, "agency_path": office.path, **levels(office.path),
            "grade": "", "violation": violation, "area": area, "registered_on": registered,
            "online": rng.random() > 0.10, "clock_paused": False, "declined_on": None, "reported_on": None,
            "approved_on": None, "decided_on": None, "closed_on": None, "outcome": "", "opened_on": None,
            "fine": Decimal("0"), "confiscated_income": Decimal("0"), "confiscated_property": Decimal("0"),
            "publicity_required": False, "publicity_due_on": None, "published_on": None,
            "clue_due_on": None, "decision_due_on": None, "decision_end_on": None, "last_seq": 0,
        }  # fmt: skip
        fine = Decimal(int(math.exp(rng.gauss(8.3, 1.3)) // 100 * 100 + 100))
        if rng.random() < 0.15:  # 简易程序: decided on the spot
            v.update(source=ON_THE_SPOT, procedure="summary", opened_on=registered, decided_on=registered)
            v.update(outcome="penalty", fine=min(fine, Decimal(rng.choice((50, 100, 200, 500, 1000)))))
            v["closed_on"] = self._after(registered, 1, 20)
            v["stage"] = "closed" if v["closed_on"] else "execution"
        else:
            self._ordinary(v, fine)
        steps = [v[k] for k in ("registered_on", "opened_on", "declined_on", "reported_on", "approved_on",
                                "decided_on", "published_on", "closed_on") if v[k] is not None]  # fmt: skip
        return v, [(day, rng.choice(office.acting)) for day in steps]

    def _ordinary(self, v: dict[str, Any], fine: Decimal) -> None:
        rng, registered = self.rng, v["registered_on"]
        v.update(source=_pick(rng, SOURCES), grade=_pick(rng, GRADES), procedure="ordinary", stage="clue")
        v["clue_due_on"] = _due(self.cal, registered, 15)
        end = self._after(registered, 1, 12 if rng.random() < 0.93 else 40)
        if end is None:
            return
        if rng.random() < 0.12:
            v.update(declined_on=end, stage="not_filed")
            return
        v.update(opened_on=end, stage="investigation", decision_due_on=_due(self.cal, end, 90, working=False))
        v["reported_on"] = self._after(end, 10, 75 if rng.random() < 0.95 else 110)
        v["approved_on"] = self._after(v["reported_on"], 2, 10)
        v["decided_on"] = decided = self._after(v["approved_on"], 5, 25)
        v["stage"] = (
            "decided"
            if decided
            else "approval"
            if v["approved_on"]
            else "review"
            if v["reported_on"]
            else v["stage"]
        )
        if decided is None:
            return
        v["decision_end_on"] = decided
        v["outcome"] = "penalty" if rng.random() < 0.88 else "no_penalty"
        if v["outcome"] == "penalty":
            v["fine"] = fine
            if rng.random() < 0.25:
                v["confiscated_income"] = Decimal(int(rng.lognormvariate(7.5, 1.2)))
            if rng.random() < 0.10:
                v["confiscated_property"] = Decimal(int(rng.lognormvariate(7.0, 1.0)))
            v["publicity_required"] = rng.random() < 0.97
            v["publicity_due_on"] = _due(self.cal, decided, 20) if v["publicity_required"] else None
            if v["publicity_required"] and rng.random() < 0.92:
                v["published_on"] = self._after(decided, 1, 20 if rng.random() < 0.9 else 45)
        v["closed_on"] = self._after(decided, 5, 70)
        v["stage"] = "closed" if v["closed_on"] else "execution"


def _offices(session: Session, rng: random.Random, next_id: Iterator[int]) -> list[tuple[Office, int]]:
    rows = session.execute(
        select(Agency.code, Agency.path, Agency.level).where(Agency.active.is_(True))
    ).all()
    if not rows:
        raise ValidationFailed("尚未导入机构，请先运行 zhifa demo load 或导入机构", code="no_agencies")
    out = []
    for code, path, level in rows:
        count = max(1, round(OFFICERS_PER_LEVEL.get(level, 3) * rng.uniform(0.6, 1.4)))
        officers = tuple(next(next_id) for _ in range(count))
        acting = officers[: max(1, round(count * 0.85))]
        weight = 0 if level == "station" and rng.random() < 0.2 else CASE_WEIGHT.get(level, 1)
        out.append((Office(code, path, officers, acting), weight))
    return out


def clear(session: Session) -> None:
    """Remove every synthetic row (facts, officer-days, roster); real data is untouched."""
    session.execute(delete(FACTS).where(FACTS.c.synthetic.is_(True)))
    session.execute(delete(ACTIVITY).where(ACTIVITY.c.synthetic.is_(True)))
    session.execute(delete(StatsSyntheticOfficer))


def synthesize(
    session: Session,
    cal: WorkingCalendar,
    today: date,
    violations: list[tuple[str, str]],
    *,
    cases: int,
    years: int,
    seed: int = 20261205,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Replace the synthetic history with `cases` cases registered over the last `years` years."""
    rng = random.Random(seed)
    clear(session)
    offices = _offices(session, rng, iter(range(1, 10**9)))
    session.execute(
        insert(StatsSyntheticOfficer),
        [
            {"id": o, "agency_code": office.code, "agency_path": office.path}
            for office, _ in offices
            for o in office.officers
        ],
    )
    maker = _Maker(rng, cal, today, violations)
    first = today - timedelta(days=365 * years)
    span = (today - first).days
    weights = [w for _, w in offices]
    facts: list[dict[str, Any]] = []
    days: set[tuple[date, int, str, str]] = set()
    for n in range(cases):
        office = rng.choices(offices, weights)[0][0]
        fact, steps = maker.case(n, office, first + timedelta(days=rng.randint(0, span)))
        facts.append(fact)
        days.update((day, officer, office.code, office.path) for day, officer in steps)
        if len(facts) >= BATCH:
            session.execute(insert(FACTS), facts)
            facts = []
            if progress is not None:
                progress(n + 1)
    if facts:
        session.execute(insert(FACTS), facts)
    rows = [
        {"synthetic": True, "day": d, "user_id": u, "agency_code": c, "agency_path": p} for d, u, c, p in days
    ]
    for i in range(0, len(rows), BATCH * 4):
        session.execute(insert(ACTIVITY), rows[i : i + BATCH * 4])
    officers = sum(len(o.officers) for o, _ in offices)
    return {"cases": cases, "officers": officers, "officer_days": len(rows), "agencies": len(offices)}

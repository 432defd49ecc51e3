"""Keeping the statistics tables current: called where a case's events are appended, and by rebuild."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from zhifa.domain import events as ev
from zhifa.domain.calendar import WorkingCalendar
from zhifa.domain.state import Case
from zhifa.stats.facts import fold
from zhifa.store.models.intake import IntakeClue
from zhifa.store.models.stats import StatsActivity, StatsCaseFact

FACTS = cast(Table, StatsCaseFact.__table__)
ACTIVITY = cast(Table, StatsActivity.__table__)
_COLUMNS = [c.name for c in FACTS.columns if c.name not in ("case_id", "synthetic")]


@lru_cache(maxsize=1)
def _catalog_areas() -> tuple[dict[str, str], dict[str, str]]:
    """(violation name → area, entry id → area) from the violation catalog (裁量基准)."""
    from zhifa.rules.loader import load_catalog

    entries = load_catalog().entries.values()
    return {e.name: e.area for e in entries}, {e.id: e.area for e in entries}


def catalog_violations() -> list[tuple[str, str]]:
    """(name, area) of every catalog entry, in name order (the synthetic history draws from them)."""
    return sorted(_catalog_areas()[0].items())


def area_of(violation: str, type_id: str) -> str:
    """The catalog area (价格、食品 …) of a violation: by the suggestion's type id, else the exact name."""
    by_name, by_id = _catalog_areas()
    return by_id.get(type_id) or by_name.get(violation.strip(), "")


# Key of session.info where intake leaves the grade of the clue it registers in this transaction
# (case id → grade): the fact row then needs no read of the intake row written a moment before.
GRADE_WRITTEN = "zhifa.intake_grade"
_INSERT_FACT = insert(FACTS)


def _grade(session: Session, case_id: str, events: Sequence[ev.Event]) -> str:
    if not any(isinstance(e, ev.ClueRegistered) for e in events):
        return ""
    written = session.info.get(GRADE_WRITTEN, {})
    if case_id in written:
        return str(written[case_id])
    grade = session.scalar(select(IntakeClue.grade).where(IntakeClue.case_id == case_id))
    return grade or ""


def _activity_insert(dialect: Any) -> Any:
    return dialect.insert(ACTIVITY).on_conflict_do_nothing(
        index_elements=["synthetic", "day", "user_id", "agency_code"]
    )


_ADD_ACTIVITY = {"postgresql": _activity_insert(postgresql), "sqlite": _activity_insert(sqlite)}


def add_activity(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert officer-days (synthetic, day, user_id, agency_code, agency_path); known ones are skipped."""
    if rows:
        session.execute(_ADD_ACTIVITY[session.get_bind().dialect.name], rows)


def record_case(
    session: Session,
    case_id: str,
    case: Case,
    events: Sequence[ev.Event],
    calendar: WorkingCalendar,
    *,
    new: bool = False,
) -> None:
    """Fold the just-appended events into the case's fact row and the officer activity (same transaction).
    `new`: these are the case's first records (no fact row can exist yet: nothing to read)."""
    if not events or not case.agency_path:
        return
    before = None
    if not new:
        stored = session.execute(select(*(FACTS.c[n] for n in _COLUMNS)).where(FACTS.c.case_id == case_id))
        row = stored.mappings().first()
        before = dict(row) if row is not None else None
    values = fold(
        before, case, events, calendar=calendar, area_of=area_of, grade=_grade(session, case_id, events)
    )
    if before is None:
        session.execute(_INSERT_FACT, {"case_id": case_id, "synthetic": False, **values})
    else:
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if changed:
            session.execute(update(FACTS).where(FACTS.c.case_id == case_id).values(**changed))
    days = {(e.on, e.by) for e in events}
    add_activity(
        session,
        [
            {"synthetic": False, "day": day, "user_id": by, "agency_code": case.agency_code,
             "agency_path": case.agency_path}
            for day, by in sorted(days)
        ],
    )  # fmt: skip

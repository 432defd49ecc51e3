"""Writing the oversight facts: incrementally with each case projection, or rebuilt from the ledger."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from zhifa.domain import events as ev
from zhifa.domain.state import Case
from zhifa.oversight.facts import RELEVANT, EventFacts, PenaltyFacts, events_facts, penalty_facts
from zhifa.store.hot import Hot
from zhifa.store.models.cases import CaseHandler, CaseRow
from zhifa.store.models.oversight import OfficerTally, OversightEvent, PairTally, PenaltyFact

PENALTIES = cast(Table, PenaltyFact.__table__)
EVENTS = cast(Table, OversightEvent.__table__)
TALLIES = cast(Table, OfficerTally.__table__)
PAIRS = cast(Table, PairTally.__table__)
HANDLERS = cast(Table, CaseHandler.__table__)
CASES = cast(Table, CaseRow.__table__)
_DROP_PENALTY = Hot(delete(PENALTIES).where(PENALTIES.c.case_id == bindparam("b_case")))
_ADD_PENALTY = Hot(insert(PENALTIES), columns=[c.name for c in PENALTIES.c])
_DROP_EVENTS_FROM = Hot(
    delete(EVENTS).where(EVENTS.c.case_id == bindparam("b_case"), EVENTS.c.seq >= bindparam("b_seq"))
)
_ADD_EVENT = Hot(insert(EVENTS), columns=[c.name for c in EVENTS.c if c.name != "id"])


def _penalty_row(case_id: str, agency_path: str, f: PenaltyFacts) -> dict[str, Any]:
    return {"case_id": case_id, "agency_path": agency_path, **f.__dict__}


def _event_row(case_id: str, agency_path: str, f: EventFacts) -> dict[str, Any]:
    return {"case_id": case_id, "agency_path": agency_path, "lowered": f.lowered, **f.__dict__}


def record(
    session: Session, case_id: str, agency_path: str, case: Case, new_events: Sequence[ev.Event]
) -> None:
    """Fold just-appended events into the facts (same transaction as the append; most events skip)."""
    if not any(isinstance(e, RELEVANT) for e in new_events):
        return
    first = case.version - len(new_events) + 1
    rows = events_facts(first, new_events)
    if rows:  # the case service projects twice when a 文号 is allocated (a preview first): replace
        _DROP_EVENTS_FROM.rowcount(session, {"b_case": case_id, "b_seq": first})
        _ADD_EVENT.many(session, [_event_row(case_id, agency_path, f) for f in rows])
    facts = penalty_facts(case)
    if facts is not None:
        before = _tally_key_of_case(session, case_id)
        _DROP_PENALTY.rowcount(session, {"b_case": case_id})
        _ADD_PENALTY.many(session, [_penalty_row(case_id, agency_path, facts)])
        after = _tally_key(facts.officer_id, facts.violation_type, facts.tier, facts.position)
        if before != after:
            if before is not None:
                _count(session, before, -1)
            if after is not None:
                _count(session, after, +1)


TallyKey = tuple[int, str, str]


def _tally_key(officer: int | None, vtype: str, tier: str, position: float | None) -> TallyKey | None:
    """What a penalty fact counts towards in `oversight_officer_tallies` (None: it counts nowhere)."""
    return None if officer is None or position is None else (officer, vtype, tier)


def _tally_key_of_case(session: Session, case_id: str) -> TallyKey | None:
    row = session.execute(
        select(
            PENALTIES.c.officer_id, PENALTIES.c.violation_type, PENALTIES.c.tier, PENALTIES.c.position
        ).where(PENALTIES.c.case_id == case_id)
    ).first()
    return None if row is None else _tally_key(*row)


def _count(session: Session, key: TallyKey, delta: int) -> None:
    officer, vtype, tier = key
    _add(session, TALLIES, {"officer_id": officer, "violation_type": vtype, "tier": tier}, delta)


def _add(session: Session, table: Table, key: dict[str, Any], delta: int) -> None:
    """Add `delta` to one tally row (an upsert, safe when two transactions count the same key at once); a
    tally that falls to zero is removed, as a recount would not have it."""
    if delta > 0:
        dialect = session.get_bind().dialect.name
        ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        session.execute(
            ins.values(**key, cases=delta).on_conflict_do_update(
                index_elements=list(key), set_={"cases": table.c.cases + delta}
            )
        )
        return
    where = [table.c[name] == value for name, value in key.items()]
    session.execute(update(table).where(*where).values(cases=table.c.cases + delta))
    session.execute(delete(table).where(*where, table.c.cases <= 0))


def handler_ids(session: Session, case_id: str) -> frozenset[int]:
    """The handler rows of a case as they are now in this transaction."""
    rows = session.execute(select(HANDLERS.c.user_id).where(HANDLERS.c.case_id == case_id)).scalars()
    return frozenset(rows)


def count_pairs(
    session: Session, before: tuple[frozenset[int], str], after: tuple[frozenset[int], str]
) -> None:
    """Move a case's officer–party pairs from `before` to `after` ((handler ids, party code) each; a case
    without a party code has no pairs)."""

    def pairs(handlers: frozenset[int], code: str) -> set[tuple[int, str]]:
        return {(u, code) for u in handlers} if code else set()

    old, new = pairs(*before), pairs(*after)
    for user_id, code in sorted(old - new):
        _add(session, PAIRS, {"user_id": user_id, "party_code": code}, -1)
    for user_id, code in sorted(new - old):
        _add(session, PAIRS, {"user_id": user_id, "party_code": code}, +1)


def recount_pairs(session: Session) -> int:
    """Recompute every officer–party tally from `case_handlers` and `cases`; rows."""
    session.execute(delete(PAIRS))
    counted = (
        select(HANDLERS.c.user_id, CASES.c.party_code, func.count())
        .join(CASES, CASES.c.id == HANDLERS.c.case_id)
        .where(CASES.c.party_code != "")
        .group_by(HANDLERS.c.user_id, CASES.c.party_code)
    )
    session.execute(insert(PAIRS).from_select(["user_id", "party_code", "cases"], counted))
    return int(session.scalar(select(func.count()).select_from(PAIRS)) or 0)


def recount_tallies(session: Session) -> int:
    """Recompute every officer tally from `oversight_penalties` (rebuild; synthetic bench data); rows."""
    session.execute(delete(TALLIES))
    counted = (
        select(PENALTIES.c.officer_id, PENALTIES.c.violation_type, PENALTIES.c.tier, func.count())
        .where(PENALTIES.c.officer_id.is_not(None), PENALTIES.c.position.is_not(None))
        .group_by(PENALTIES.c.officer_id, PENALTIES.c.violation_type, PENALTIES.c.tier)
    )
    session.execute(insert(TALLIES).from_select(["officer_id", "violation_type", "tier", "cases"], counted))
    return int(session.scalar(select(func.count()).select_from(TALLIES)) or 0)


def facts_of_case(
    case_id: str, agency_path: str, events: Sequence[ev.Event]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(penalty rows, event rows) of one whole stream."""
    case = Case.replay(events)
    facts = penalty_facts(case)
    penalties = [_penalty_row(case_id, agency_path, facts)] if facts is not None else []
    return penalties, [_event_row(case_id, agency_path, f) for f in events_facts(1, events)]


def rebuild(
    session: Session,
    read_events: Callable[[Session, Sequence[str]], dict[str, list[ev.Event]]],
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int, int]:
    """Replace every fact by what the ledger says; (cases, penalty rows, event rows)."""
    session.execute(delete(PENALTIES))
    session.execute(delete(EVENTS))
    cases = session.execute(
        select(CaseRow.id, CaseRow.stream_id, CaseRow.agency_path).order_by(CaseRow.id)
    ).all()
    n_pen = n_ev = 0
    for start in range(0, len(cases), batch):
        chunk = cases[start : start + batch]
        streams = read_events(session, [c.stream_id for c in chunk])
        pens: list[dict[str, Any]] = []
        evs: list[dict[str, Any]] = []
        for c in chunk:
            p, e = facts_of_case(c.id, c.agency_path, streams.get(c.stream_id, []))
            pens += p
            evs += e
        if pens:
            session.execute(insert(PENALTIES), pens)
        if evs:
            session.execute(insert(EVENTS), evs)
        n_pen, n_ev = n_pen + len(pens), n_ev + len(evs)
        if progress is not None:
            progress(len(chunk))
    recount_tallies(session)
    recount_pairs(session)
    return len(cases), n_pen, n_ev


def case_count(session: Session) -> int:
    """Number of case rows."""
    return int(session.scalar(select(func.count()).select_from(CaseRow)) or 0)

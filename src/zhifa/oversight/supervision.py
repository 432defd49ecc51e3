"""The 纪检 supervision view (read-only): stalled cases (no ledger event for N working days), 不予立案 /
终止调查 / 不予处罚 with their reasons, penalties lowered at review, approval or decision, repeated
officer–party pairs, corrections (更正) by whom. Overdue deadlines and the ledger status come from
their own services (zhifa.services.deadlines, zhifa.services.ledger_audit) and are joined in service.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from zhifa.domain.calendar import WorkingCalendar
from zhifa.oversight.facts import CLOSURE_KINDS, KIND_LABELS
from zhifa.oversight.listing import event_counts, event_items
from zhifa.oversight.query import Filter, agency_names, user_names
from zhifa.services.case_store import OPEN_STAGES
from zhifa.store.models.cases import CaseHandler, CaseRow
from zhifa.store.models.oversight import OversightEvent, PairTally

CHANGE_KINDS = ("changed_at_review", "changed_at_approval", "changed_at_decision")
STAGE_LABELS = {
    "clue": "线索核查", "investigation": "调查取证", "review": "审核", "approval": "审批", "notice": "告知",
    "statement": "陈述申辩", "hearing": "听证", "deliberation": "集体讨论", "decided": "已决定",
    "execution": "执行", "pending_close": "待结案", "suspended": "中止", "terminated": "终止",
    "transferred": "移送",
}  # fmt: skip
DEFAULT_STALL_DAYS = 10
LIMIT = 200


def working_days_before(calendar: WorkingCalendar, today: date, n: int) -> date:
    """The day n working days before today (a case whose last event is older has stalled)."""
    day = today
    counted = 0
    while counted < n:
        day = date.fromordinal(day.toordinal() - 1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def stalled(session: Session, f: Filter, since: date, today: date, limit: int = LIMIT) -> dict[str, Any]:
    """Open cases whose latest ledger event is before `since` (压案不办), oldest first."""
    c = CaseRow
    where = [c.stage.in_(sorted(OPEN_STAGES)), c.last_on < since, *f.where(c.agency_path)]
    total = int(session.scalar(select(func.count()).select_from(c).where(*where)) or 0)
    rows = session.execute(
        select(c.id, c.title, c.stage, c.agency_path, c.last_on, c.filed_on)
        .where(*where)
        .order_by(c.last_on, c.id)
        .limit(limit)
    ).all()
    handlers = _handlers(session, [r.id for r in rows])
    agencies = agency_names(session, (r.agency_path for r in rows))
    items = [
        {
            "case_id": r.id,
            "case_title": r.title,
            "url": f"/cases/{r.id}",
            "stage": r.stage,
            "stage_label": STAGE_LABELS.get(r.stage, r.stage),
            "agency": agencies.get(r.agency_path, r.agency_path),
            "last_on": r.last_on.isoformat() if r.last_on else None,
            "filed_on": r.filed_on.isoformat() if r.filed_on else None,
            "idle_days": today.toordinal() - r.last_on.toordinal() if r.last_on else None,
            "handlers": handlers.get(r.id, ""),
        }
        for r in rows
    ]
    return {"since": since.isoformat(), "total": total, "items": items}


def _handlers(session: Session, case_ids: list[str]) -> dict[str, str]:
    if not case_ids:
        return {}
    rows = session.execute(
        select(CaseHandler.case_id, CaseHandler.user_id).where(CaseHandler.case_id.in_(case_ids))
    ).all()
    names = user_names(session, (r.user_id for r in rows))
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r.case_id, []).append(names.get(r.user_id, str(r.user_id)))
    return {k: "、".join(sorted(v)) for k, v in out.items()}


def repeated_pairs(session: Session, f: Filter, minimum: int = 2, limit: int = LIMIT) -> list[dict[str, Any]]:
    """Officer–party pairs with at least `minimum` cases in scope and period (by filing day)."""
    c, h, t = CaseRow, CaseHandler, PairTally
    n = func.count(c.id)
    # candidates: pairs with enough cases over all time and agencies (the running tallies, a few hundred
    # rows); their cases in scope and period are then found by party code, not by grouping every handler row
    candidates = select(t.user_id, t.party_code).where(t.cases >= minimum).subquery("candidates")
    rows = session.execute(
        select(h.user_id, c.party_code, func.max(c.party_name), n, func.min(c.filed_on), func.max(c.filed_on))
        .select_from(candidates)
        .join(c, c.party_code == candidates.c.party_code)
        .join(h, and_(h.case_id == c.id, h.user_id == candidates.c.user_id))
        .where(c.party_code != "", *f.where(c.agency_path, c.filed_on))
        .group_by(h.user_id, c.party_code)
        .having(n >= minimum)
        .order_by(n.desc(), h.user_id, c.party_code)
        .limit(limit)
    ).all()
    names = user_names(session, (r[0] for r in rows))
    return [
        {
            "officer_id": uid,
            "officer": names.get(uid, str(uid)),
            "party_code": code,
            "party_name": party,
            "cases": int(count),
            "first_filed": first.isoformat() if first else None,
            "last_filed": last.isoformat() if last else None,
        }
        for uid, code, party, count, first, last in rows
    ]


def corrections_by_actor(session: Session, f: Filter) -> list[dict[str, Any]]:
    """Number of corrections (更正) each user recorded, most first."""
    e = OversightEvent
    n = func.count()
    rows = session.execute(
        select(e.actor_id, n)
        .where(e.kind == "correction", *f.where(e.agency_path, e.happened_on))
        .group_by(e.actor_id)
        .order_by(n.desc(), e.actor_id)
    ).all()
    names = user_names(session, (r[0] for r in rows))
    return [{"actor_id": uid, "actor": names.get(uid, str(uid)), "corrections": int(k)} for uid, k in rows]


def supervise(
    session: Session, f: Filter, calendar: WorkingCalendar, today: date, stall_days: int, pair_minimum: int
) -> dict[str, Any]:
    """Every table of the view except the overdue deadlines and the ledger status."""
    return {
        "stalled": {
            "days": stall_days,
            **stalled(session, f, working_days_before(calendar, today, stall_days), today),
        },
        "closures": {
            "counts": {KIND_LABELS[k]: v for k, v in event_counts(session, f, CLOSURE_KINDS).items()},
            "items": event_items(session, f, CLOSURE_KINDS),
        },
        "lowered": event_items(session, f, CHANGE_KINDS, lowered_only=True),
        "pairs": {"minimum": pair_minimum, "items": repeated_pairs(session, f, pair_minimum)},
        "corrections": {
            "by_actor": corrections_by_actor(session, f),
            "items": event_items(session, f, ("correction",)),
        },
    }

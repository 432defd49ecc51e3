"""The workbench and the approvals inbox: what waits for this officer (built on the case services)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from zhifa.domain.actors import Actor, Role
from zhifa.services.calendar import load_calendar
from zhifa.services.case_store import load_case
from zhifa.services.case_views import allowed_actions, list_cases, row_summary
from zhifa.services.cases import china_today
from zhifa.services.deadlines import deadline_list
from zhifa.store.models.cases import CaseRow
from zhifa.store.uow import UnitOfWork

# Sign-offs that wait in the approvals inbox (审核, 审批, 决定), by the stage they wait in.
SIGN_OFFS = frozenset({"review", "file", "decline", "approve", "decide", "close", "extend-clue-check"})
INBOX_STAGES = {
    Role.REVIEWER: ("review", "deliberation"),
    Role.HEAD: ("clue", "approval", "notice", "statement", "deliberation", "pending_close"),
}
DUE_SOON_DAYS = 5
MAX_INBOX = 100


def inbox(uow: UnitOfWork, actor: Actor) -> list[dict[str, Any]]:
    """Cases in scope waiting for a sign-off this actor may give now, with those actions."""
    stages = sorted({s for role, ss in INBOX_STAGES.items() if actor.has(role) for s in ss})
    if not stages or actor.has(Role.INSPECTOR):
        return []
    with uow:
        rows = uow.session.scalars(
            select(CaseRow)
            .where(CaseRow.agency_path.startswith(actor.agency_path, autoescape=True))
            .where(CaseRow.stage.in_(stages))
            .order_by(CaseRow.updated_at)
            .limit(MAX_INBOX)
        ).all()
        calendar, today = load_calendar(uow), china_today()
        out = []
        for row in rows:
            case, _ = load_case(uow.session, row)
            actions = [a for a in allowed_actions(case, actor, calendar, today) if a["action"] in SIGN_OFFS]
            if actions:
                out.append({**row_summary(row), "actions": actions})
        return out


def split_deadlines(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Overdue deadlines and those due soon."""
    overdue = [d for d in items if d.get("overdue")]
    soon = [d for d in items if not d.get("overdue") and d.get("due")]
    return overdue, soon


def workbench(uow_factory: Any, actor: Actor, today: date) -> dict[str, Any]:
    """Everything the workbench shows: my cases, approvals waiting, deadlines, recent cases."""
    handler = actor.user_id if actor.has(Role.HANDLER) and len(actor.roles) == 1 else None
    mine = (
        list_cases(uow_factory(), actor, handler=actor.user_id, per_page=8)
        if actor.has(Role.HANDLER)
        else None
    )
    recent = list_cases(uow_factory(), actor, handler=handler, per_page=8)
    waiting = inbox(uow_factory(), actor)
    overdue, soon = split_deadlines(deadline_list(uow_factory(), actor, today, within_days=DUE_SOON_DAYS))
    return {
        "my_cases": mine,
        "recent": recent,
        "waiting": waiting,
        "overdue": overdue,
        "due_soon": soon,
        "due_days": DUE_SOON_DAYS,
    }

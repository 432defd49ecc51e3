"""The intake inbox of an agency: pushed clues still being checked, most serious and most urgent first, and
what can be done with one — accept it (受理), move it to the competent agency with the reason (程序规定
第十四条), or 不予立案 with the ground and reason (第二十条). Each is a ledger event on the clue's case, and
the source system is told through its callback (`integrations.callbacks`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select, update

from zhifa.domain.actors import Actor
from zhifa.domain.intake import AcceptIntake, RerouteIntake
from zhifa.errors import ValidationFailed
from zhifa.identity.agencies import agency_key
from zhifa.identity.scope import missing
from zhifa.integrations.service import STATUS_LABELS
from zhifa.services.cases import china_today, run_action, run_command
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.identity import Agency
from zhifa.store.models.intake import IntakeClue, IntakeSource
from zhifa.store.uow import UnitOfWork

GRADE_ORDER = {"一级": 0, "二级": 1, "三级": 2}
PENDING = ("accepted", "triage", "routed")  # received or moved here, not yet taken into the workflow


def inbox(uow: UnitOfWork, actor: Actor, today: date | None = None) -> list[dict[str, Any]]:
    """Pushed clues in the actor's subtree still being checked: grade first (一级 on top), then deadline."""
    today = today or china_today()
    with uow:
        rows = uow.session.execute(
            select(IntakeClue, CaseRow, IntakeSource.name, Agency.name)
            .join(CaseRow, CaseRow.id == IntakeClue.case_id)
            .join(IntakeSource, IntakeSource.id == IntakeClue.source_id)
            .join(Agency, Agency.id == CaseRow.agency_id)
            .where(
                CaseRow.stage == "clue", CaseRow.agency_path.startswith(actor.agency_path, autoescape=True)
            )
        ).all()
        out = []
        for clue, case, source_name, agency_name in rows:
            detail = json.loads(clue.detail)
            out.append({
                "id": clue.case_id, "source": source_name, "source_ref": clue.source_ref,
                "grade": clue.grade,
                "status": clue.status, "status_label": STATUS_LABELS.get(clue.status, clue.status),
                "pending": clue.status in PENDING, "agency_code": clue.agency_code,
                "agency_name": agency_name,
                "party_name": case.party_name, "party_code": case.party_code, "summary": case.summary,
                "due_on": clue.due_on.isoformat() if clue.due_on else None,
                "days_left": (clue.due_on - today).days if clue.due_on else None,
                "rules": detail.get("rules", []), "flags": detail.get("flags", []),
                "suggestion": detail.get("suggestion"), "routing": detail.get("routing", []),
                "received_at": clue.received_at.isoformat(),
            })  # fmt: skip
    out.sort(key=lambda c: (not c["pending"], GRADE_ORDER.get(c["grade"], 9), c["due_on"] or "9999"))
    return out


def _set_status(uow: UnitOfWork, clue_id: str, status: str, **values: Any) -> None:
    uow.session.execute(
        update(IntakeClue).where(IntakeClue.case_id == clue_id).values(status=status, **values)
    )


def _clue_exists(uow: UnitOfWork, clue_id: str) -> None:
    with uow:
        if uow.session.get(IntakeClue, clue_id[:32]) is None:
            raise missing("线索", "intake_clue_not_found")


def accept(uow: UnitOfWork, actor: Actor, clue_id: str, note: str = "", today: date | None = None) -> str:
    """受理: the clue enters the agency's workflow (IntakeAccepted); the source is told."""
    _clue_exists(uow, clue_id)
    run_command(
        uow, actor, clue_id, AcceptIntake(note=note), today, lambda: _set_status(uow, clue_id, "taken")
    )
    return "taken"


def reroute(
    uow: UnitOfWork, actor: Actor, clue_id: str, agency_code: str, reason: str, today: date | None = None
) -> str:
    """移送有管辖权的机构 with the reason (IntakeRerouted): the clue and its case move to that agency."""
    _clue_exists(uow, clue_id)
    with uow:
        target = agency_key(uow.session, agency_code.strip())
    if target is None:
        raise ValidationFailed(f"本系统没有代码为 {agency_code} 的机构", code="agency_not_found")

    def moved() -> None:
        uow.session.execute(update(CaseRow).where(CaseRow.id == clue_id).values(agency_id=target.id))
        _set_status(uow, clue_id, "routed", agency_code=target.code)

    command = RerouteIntake(agency_path=target.path, agency_code=target.code, reason=reason)
    run_command(uow, actor, clue_id, command, today, moved)
    return "routed"


def decline(
    uow: UnitOfWork, actor: Actor, clue_id: str, ground: str, reason: str, today: date | None = None
) -> str:
    """不予立案 (程序规定 第二十条) through the ordinary action; the source is told the ground and reason."""
    _clue_exists(uow, clue_id)
    run_action(uow, actor, clue_id, "decline", {"ground": ground, "reason": reason}, today)
    return "declined"


def agency_choices(uow: UnitOfWork) -> list[dict[str, str]]:
    """Every agency (code, name) as a target of 移送: the competent one may lie outside the subtree."""
    with uow:
        return [
            {"code": code, "name": name}
            for code, name in uow.session.execute(select(Agency.code, Agency.name).order_by(Agency.path))
        ]

"""The consistency guard at sign-off (审核, 负责人审批, 决定): for the penalty on the form, the statutory
range, the tier and its band, the position in the range, the nearest same-type precedents and the flags
畸轻 / 畸重 / 类案不同罚 / 超出法定幅度 with their reasons (`assistant.consistency.check`).

The range, tier and band come from the suggestion recorded with the 调查终结报告; precedents of the same
violation type come from the precedent library. Whatever cannot be computed is said, not invented.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.assistant.consistency import check
from zhifa.assistant.pipeline_discretion import position_in_range
from zhifa.domain import commands as cmd
from zhifa.domain.actors import Actor
from zhifa.domain.grounds import Outcome
from zhifa.domain.serde import encode
from zhifa.domain.signoff import OUT_OF_RANGE, describe, same_penalty, statutory_range
from zhifa.domain.state import Case
from zhifa.domain.values import Penalty, PenaltyKind
from zhifa.errors import ValidationFailed
from zhifa.services import case_inputs as inp
from zhifa.services.case_actions import parse_input, penalty_from
from zhifa.services.case_store import load_case, visible_row
from zhifa.store.models.precedents import Precedent
from zhifa.store.uow import UnitOfWork

NEAREST = 5
MAX_PRECEDENTS = 500
GUARDED = (cmd.SignReview, cmd.ApprovePenalty, cmd.IssueDecision)
NOTHING_TO_CHECK = "本案没有拟给予的行政处罚，无需一致性检查"
SIGNOFF_ACTIONS = {"review": "审核", "approve": "负责人审批", "decide": "处罚决定"}


def proposal_for(case: Case, action: str) -> Penalty | None:
    """The penalty put to the signer: the report's proposal for 审核/审批, the notified one for 决定."""
    if action == "decide" and case.notice is not None:
        return case.notice.penalty
    if case.approved is not None and action == "decide":
        return case.approved.penalty
    report = case.report
    if report is None or report.proposed_outcome is not Outcome.PENALTY:
        return None
    return report.proposal


def _precedents(session: Session, type_id: str) -> list[tuple[str, str, Decimal]]:
    rows = session.execute(
        select(Precedent.docid, Precedent.docno, Precedent.fine)
        .where(Precedent.violation_type == type_id, Precedent.fine.is_not(None), Precedent.fine > 0)
        .order_by(Precedent.decision_date.desc(), Precedent.id)
        .limit(MAX_PRECEDENTS)
    ).all()
    return [(r[0], r[1] or "", Decimal(r[2])) for r in rows]


def _flags(fine: Decimal, rng: tuple[Decimal | None, Decimal | None]) -> list[tuple[str, str]]:
    low, high = rng
    if high is not None and fine > high:
        return [(OUT_OF_RANGE, f"拟罚款 {fine} 元高于法定最高额 {high} 元")]
    if low is not None and low > 0 and fine < low:
        return [(OUT_OF_RANGE, f"拟罚款 {fine} 元低于法定最低额 {low} 元")]
    return []


def guard_view(session: Session, case: Case, penalty: Penalty | None) -> dict[str, Any] | None:
    """The guard for `penalty` on this case (None when there is no penalty to judge)."""
    if penalty is None:
        return None
    report = case.report
    s = report.suggestion if report else None
    rng = statutory_range(case)
    has_fine = PenaltyKind.FINE in penalty.kinds
    fine = penalty.fine if has_fine else Decimal("0.00")
    notes: list[str] = []
    if s is None:
        notes.append("调查终结报告未记录智能助手的裁量建议：法定幅度、裁量阶次和类案无从比较，请人工核对")
    band = (s.range_low or Decimal(0), s.range_high) if s and s.range_high is not None else None
    known = [(p[0], p[1], p[2]) for p in _precedents(session, s.violation_type)] if s else []
    if s and not known:
        notes.append(f"判例库为空：未载入“{s.violation_name or s.violation_type}”的判例，类案比较从缺")
    statutory = rng if rng != (None, None) else None
    verdict = check(
        fine, statutory, s.tier if s else None, band, [], [f for _, _, f in known],
        reduction_allowed=False,
    )  # fmt: skip
    flags, reasons = list(verdict.flags), list(verdict.reasons)
    for flag, reason in _flags(fine, rng):  # the check names it 畸重/畸轻; the law calls it out of range
        flags.insert(0, flag)
        if not any(str(v) in r for v in rng if v is not None for r in reasons):
            reasons.append(reason)
    nearest = sorted(known, key=lambda p: abs(p[2] - fine))[:NEAREST]
    return {
        "penalty": encode(penalty),
        "penalty_text": describe(penalty),
        "statutory_range": [None if v is None else str(v) for v in rng],
        "tier": s.tier if s else None,
        "band": [str(band[0]), str(band[1])] if band else None,
        "position_in_range": None if verdict.position is None else round(verdict.position, 3),
        "precedent_count": len(known),
        "precedent_median_fine": None
        if verdict.precedent_median_fine is None
        else str(verdict.precedent_median_fine),
        "nearest_precedents": [
            {
                "docid": d,
                "docno": n,
                "fine": str(f),
                "position_in_range": _round(position_in_range(f, statutory)),
            }
            for d, n, f in nearest
        ],
        "flags": list(dict.fromkeys(flags)),
        "reasons": reasons,
        "ok": not flags,
        "notes": notes,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def signed_penalty(case: Case, command: cmd.Command) -> Penalty | None:
    """The penalty a guarded command would sign."""
    if isinstance(command, cmd.SignReview):
        return command.penalty or proposal_for(case, "review")
    if isinstance(command, cmd.ApprovePenalty):
        return command.penalty
    if isinstance(command, cmd.IssueDecision) and command.outcome is Outcome.PENALTY:
        return command.penalty
    return None


def with_flags(session: Session, case: Case, command: cmd.Command) -> cmd.Command:
    """The command with the guard's flags and reasons filled in by the server (never by the client)."""
    if not isinstance(command, GUARDED):
        return command
    view = guard_view(session, case, signed_penalty(case, command))
    if view is None:
        return command
    return dataclasses.replace(command, flags=tuple(view["flags"]), flag_reasons=tuple(view["reasons"]))


def consistency_of(session: Session, case: Case) -> dict[str, Any] | None:
    """The guard for the current proposal (approved or notified penalty once there is one)."""
    if case.decision is not None:
        return guard_view(session, case, case.decision.penalty)
    current = proposal_for(case, "decide" if case.notice or case.approved else "review")
    return guard_view(session, case, current)


def preview_guard(
    uow: UnitOfWork, actor: Actor, case_id: str, action: str, penalty: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The guard a sign-off form shows for `penalty` (the proposal when none is given), read only."""
    if action not in SIGNOFF_ACTIONS:
        raise ValidationFailed(
            f"只有{'、'.join(SIGNOFF_ACTIONS.values())}需要签署前的一致性检查", code="not_a_signoff_action"
        )
    with uow:
        row = visible_row(uow.session, actor, case_id)
        case, _ = load_case(uow.session, row)
        proposed = proposal_for(case, action)
        chosen = penalty_from(parse_input(inp.PenaltyIn, penalty)) if penalty else proposed  # type: ignore[arg-type]
        view = guard_view(uow.session, case, chosen) or {
            "notes": ["本案没有拟给予的行政处罚，无需一致性检查"]
        }
        return {
            "action": action,
            "proposal": encode(proposed) if proposed else None,
            "proposal_text": describe(proposed) if proposed else None,
            "changed": proposed is not None and chosen is not None and not same_penalty(chosen, proposed),
            **view,
        }

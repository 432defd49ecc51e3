"""Rules of the intake inbox (`domain.intake`): 受理 once; 移送 to the competent agency (程序规定第十四条)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zhifa.domain import intake as ik
from zhifa.domain.checks import Ctx, require_stage, require_text
from zhifa.domain.refusals import refuse
from zhifa.domain.serde import Event
from zhifa.domain.stages import Stage


def accept_intake(ctx: Ctx, c: ik.AcceptIntake) -> list[Event]:
    """受理: once, while the clue is being checked."""
    require_stage(ctx, {Stage.CLUE}, "受理线索")
    if ctx.case.intake_accepted:
        raise refuse("intake_already_accepted", "本机构已受理该线索")
    return [ik.IntakeAccepted(by=ctx.by, on=ctx.today, note=c.note.strip())]


def reroute_intake(ctx: Ctx, c: ik.RerouteIntake) -> list[Event]:
    """移送有管辖权的机构, with the reason; the receiving agency may not pass it on again by itself: only
    the common higher agency designates (程序规定 第十四条)."""
    require_stage(ctx, {Stage.CLUE}, "移送线索")
    reason = require_text(c.reason, "移送理由")
    if not (c.agency_path.startswith("/") and c.agency_path.endswith("/")) or not c.agency_code.strip():
        raise refuse("bad_agency", "须移送到具体的市场监督管理部门")
    case = ctx.case
    if c.agency_code == case.agency_code:
        raise refuse("same_agency", "线索已在该机构，无需移送")
    mine = ctx.actor.agency_path
    above_both = (
        case.agency_path.startswith(mine) and c.agency_path.startswith(mine) and case.agency_path != mine
    )
    if case.reroutes and not above_both:
        raise refuse(
            "reroute_again",
            "受移送的市场监督管理部门对管辖权有异议的，应当报请共同的上一级市场监督管理部门指定管辖，"
            "不得再自行移送（程序规定第十四条）",
        )
    return [
        ik.IntakeRerouted(
            by=ctx.by, on=ctx.today, from_agency_code=case.agency_code, agency_path=c.agency_path,
            agency_code=c.agency_code, reason=reason,
        )
    ]  # fmt: skip


HANDLERS: dict[type[Any], Callable[[Ctx, Any], list[Event]]] = {
    ik.AcceptIntake: accept_intake,
    ik.RerouteIntake: reroute_intake,
}

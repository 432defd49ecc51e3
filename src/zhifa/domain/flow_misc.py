"""Suspension, termination, transfer, extensions, corrections (程序规定 第十四条至第六十四条)."""

from __future__ import annotations

from zhifa.domain import commands as cmd
from zhifa.domain import corrections
from zhifa.domain import events as ev
from zhifa.domain.actors import Role
from zhifa.domain.checks import Ctx, check_officers, require_stage, require_text
from zhifa.domain.deadlines import decision_due
from zhifa.domain.options import Clock, TransferTarget
from zhifa.domain.refusals import ActionForbidden, refuse
from zhifa.domain.stages import PRE_DECISION, Stage
from zhifa.domain.state import Case

MAX_COLLECTIVE_EXTENSION = (
    365  # 第六十四条: 合理期限 fixed by the collective decision; a year guards against typos
)
MAX_REVIEW_EXTENSION = 30


def suspend_case(ctx: Ctx, c: cmd.SuspendCase) -> list[ev.Event]:
    """中止调查 on a ground of 第四十六条; the decision clock stops (第六十四条第二款)."""
    require_stage(ctx, PRE_DECISION, "中止调查")
    reason = require_text(c.reason, "中止理由")
    return [ev.CaseSuspended(by=ctx.by, on=ctx.today, ground=c.ground, reason=reason)]


def resume_case(ctx: Ctx, c: cmd.ResumeCase) -> list[ev.Event]:
    """恢复调查 once the cause is gone (第四十六条第二款)."""
    require_stage(ctx, {Stage.SUSPENDED}, "恢复调查")
    reason = require_text(c.reason, "恢复理由")
    return [ev.CaseResumed(by=ctx.by, on=ctx.today, reason=reason)]


def terminate_case(ctx: Ctx, c: cmd.TerminateCase) -> list[ev.Event]:
    """终止调查: the person died or the organisation ended without successor (第四十七条)."""
    require_stage(ctx, PRE_DECISION | {Stage.SUSPENDED}, "终止调查")
    reason = require_text(c.reason, "终止理由")
    return [ev.CaseTerminated(by=ctx.by, on=ctx.today, reason=reason)]


def transfer_case(ctx: Ctx, c: cmd.TransferCase) -> list[ev.Event]:
    """移送 before a decision; to the police with a team of ≥ 2 (移送涉嫌犯罪案件的规定 第五条)."""
    require_stage(ctx, PRE_DECISION | {Stage.CLUE, Stage.SUSPENDED}, "移送案件")
    recipient = require_text(c.recipient, "受移送机关")
    reason = require_text(c.reason, "移送理由")
    team = c.team
    if c.target is TransferTarget.POLICE:
        team = team or ctx.case.handlers
        check_officers(team, "移送涉嫌犯罪案件的专案组", "行政执法机关移送涉嫌犯罪案件的规定第五条")
    return [
        ev.CaseTransferred(
            by=ctx.by, on=ctx.today, target=c.target, recipient=recipient, reason=reason, team=team
        )
    ]


def extend_deadline(ctx: Ctx, c: cmd.ExtendDeadline) -> list[ev.Event]:
    """+30 days once by the head; further only by collective decision with a stated period (第六十四条)."""
    case = ctx.case
    reason = require_text(c.reason, "延期理由")
    if c.clock is Clock.REVIEW:
        require_stage(ctx, {Stage.REVIEW}, "延长审核期限")
        if not 1 <= c.days <= MAX_REVIEW_EXTENSION:
            raise refuse("bad_extension", f"审核期限每次延长1至{MAX_REVIEW_EXTENSION}个工作日")
    else:
        require_stage(ctx, PRE_DECISION | {Stage.SUSPENDED}, "延长案件办理期限")
        if ctx.today > decision_due(case, ctx.calendar, ctx.today):
            raise refuse("deadline_passed", "案件办理期限已届满，不能补批延期")
        earlier = case.extensions.get("decision", [])
        if not earlier:
            if c.collective or not 1 <= c.days <= 30:
                raise refuse(
                    "bad_extension", "案件办理期限经负责人批准可以延长三十日（程序规定第六十四条第一款）"
                )
        else:
            if not c.collective:
                raise refuse(
                    "collective_required",
                    "延期后仍不能作出决定的，应当由负责人集体讨论决定是否继续延期（程序规定第六十四条第一款）",
                )
            if not any(d.on >= earlier[-1].on for d in case.discussions):
                raise refuse("collective_discussion_missing", "继续延期须先记录负责人集体讨论")
            if not 1 <= c.days <= MAX_COLLECTIVE_EXTENSION:
                raise refuse("bad_extension", "继续延期须确定合理的期限（程序规定第六十四条第一款）")
    return [
        ev.DeadlineExtended(
            by=ctx.by, on=ctx.today, clock=c.clock, days=c.days, reason=reason, collective=c.collective
        )
    ]


def record_correction(ctx: Ctx, c: cmd.RecordCorrection) -> list[ev.Event]:
    """A clerical correction as a new signed event pointing at the record it corrects."""
    case = ctx.case
    if not 1 <= c.corrects_seq <= case.version:
        raise refuse("bad_correction", f"被更正的记录序号{c.corrects_seq}不存在")
    if case.handlers and ctx.by not in case.handler_ids and not ctx.actor.has(Role.HEAD):
        raise ActionForbidden("not_case_handler", "更正须由本案办案人员或负责人作出")
    field = require_text(c.field, "更正事项")
    new = require_text(c.new, "更正后内容")
    path, old = c.path.strip(), c.old.strip()
    if path:
        old = _current_text(case, c.corrects_seq, path, old)
    if new == old:
        raise refuse("bad_correction", "更正前后内容相同")
    reason = require_text(c.reason, "更正理由")
    event = ev.CorrectionRecorded(
        by=ctx.by, on=ctx.today, corrects_seq=c.corrects_seq, field=field, old=old, new=new, reason=reason,
        path=path,
    )  # fmt: skip
    if path and corrections.corrected(case.record(c.corrects_seq), event) is None:
        raise refuse("bad_correction", f"“{new}”不能作为{field}（格式或校验码不符）")
    return [event]


def _current_text(case: Case, seq: int, path: str, stated: str) -> str:
    """The text a correction by path replaces: the record's field as it reads now (after earlier
    corrections); a stated old text must be that, or the text first recorded."""
    current = corrections.text_at(case.record(seq), path)
    if current is None:
        raise refuse("bad_correction", f"第{seq}条记录没有可按原文更正的“{path}”项目")
    original = corrections.text_at(case.events[seq - 1], path)
    if stated and stated not in (current.strip(), (original or "").strip()):
        raise refuse("bad_correction", f"更正前内容与记录不符：第{seq}条记录该项现为“{current}”")
    return current

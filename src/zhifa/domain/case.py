"""The case aggregate: `Case.replay(events)`, `decide(case, command, actor, today)`, `case.apply(event)`.

`decide` is pure: it reads the state and returns the events to append, or raises a refusal with a stable
code and a Chinese reason (TransitionRefused 422, ActionForbidden 403, CaseNotVisible 404); nothing changes
on refusal. The caller appends the events to the ledger (signing those with `signed = True`) and applies them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from zhifa.domain import commands as cmd
from zhifa.domain import (
    flow_decision,
    flow_execution,
    flow_filing,
    flow_intake,
    flow_misc,
    flow_records,
    flow_remedy,
    flow_review,
)
from zhifa.domain import records as rc
from zhifa.domain import remedies as rm
from zhifa.domain.actors import Actor
from zhifa.domain.calendar import WorkingCalendar
from zhifa.domain.checks import Ctx
from zhifa.domain.events import Event
from zhifa.domain.policies import authorize
from zhifa.domain.profile import DEFAULT_PROFILE, Profile
from zhifa.domain.refusals import ActionForbidden, CaseNotVisible, TransitionRefused, refuse
from zhifa.domain.stages import Stage
from zhifa.domain.state import Case

__all__ = ["ActionForbidden", "Case", "CaseNotVisible", "TransitionRefused", "decide"]

Handler = Callable[[Ctx, Any], list[Event]]

HANDLERS: dict[type[cmd.Command], Handler] = {
    cmd.RegisterClue: flow_filing.register_clue,
    cmd.ExtendClueCheck: flow_filing.extend_clue_check,
    cmd.PauseClock: flow_filing.pause_clock,
    cmd.ResumeClock: flow_filing.resume_clock,
    cmd.FileCase: flow_filing.file_case,
    cmd.DeclineFiling: flow_filing.decline_filing,
    cmd.AssignHandlers: flow_filing.assign_handlers,
    cmd.AddEvidence: flow_filing.add_evidence,
    cmd.PreserveEvidence: flow_filing.preserve_evidence,
    cmd.HandlePreservation: flow_filing.handle_preservation,
    cmd.SubmitReport: flow_filing.submit_report,
    cmd.SignReview: flow_review.sign_review,
    cmd.ApprovePenalty: flow_review.approve_penalty,
    cmd.IssueNotice: flow_review.issue_notice,
    cmd.RecordStatement: flow_review.record_statement,
    cmd.RequestHearing: flow_review.request_hearing,
    cmd.AppointPresider: flow_review.appoint_presider,
    cmd.HoldHearing: flow_review.hold_hearing,
    cmd.RecordCollectiveDiscussion: flow_review.record_discussion,
    cmd.IssueDecision: flow_decision.issue_decision,
    cmd.ServeDocument: flow_decision.serve_document,
    cmd.PublishDecision: flow_decision.publish_decision,
    cmd.RecordPayment: flow_execution.record_payment,
    cmd.ApproveInstalments: flow_execution.approve_instalments,
    cmd.ApproveDeferral: flow_execution.approve_deferral,
    cmd.ApplyEnforcement: flow_execution.apply_enforcement,
    cmd.CloseCase: flow_execution.close_case,
    cmd.ArchiveCase: flow_execution.archive_case,
    cmd.IssueSummaryPenalty: flow_execution.issue_summary_penalty,
    cmd.FileSummaryRecords: flow_execution.file_summary_records,
    cmd.HandOverCash: flow_execution.hand_over_cash,
    cmd.SuspendCase: flow_misc.suspend_case,
    cmd.ResumeCase: flow_misc.resume_case,
    cmd.TerminateCase: flow_misc.terminate_case,
    cmd.TransferCase: flow_misc.transfer_case,
    cmd.ExtendDeadline: flow_misc.extend_deadline,
    cmd.RecordCorrection: flow_misc.record_correction,
    rm.RecordAppeal: flow_remedy.record_appeal,
    rm.RecordAppealOutcome: flow_remedy.record_appeal_outcome,
    rm.ImposeSeizure: flow_remedy.impose_seizure,
    rm.ExtendSeizure: flow_remedy.extend_seizure,
    rm.LiftSeizure: flow_remedy.lift_seizure,
    rc.InspectSite: flow_records.inspect_site,
    rc.RecordInquiry: flow_records.record_inquiry,
    rc.ConfirmAddress: flow_records.confirm_address,
    rc.OrderCorrection: flow_records.order_correction,
    rc.ScheduleHearing: flow_records.schedule_hearing,
    rc.RecordHearing: flow_records.record_hearing,
    rc.RemindPayment: flow_records.remind_payment,
    **flow_intake.HANDLERS,
}


def decide(
    case: Case,
    command: cmd.Command,
    actor: Actor,
    today: date,
    *,
    calendar: WorkingCalendar | None = None,
    profile: Profile = DEFAULT_PROFILE,
) -> list[Event]:
    """Check `command` by `actor` on `today` against the case and the law; return the events to record."""
    handler = HANDLERS.get(type(command))
    if handler is None:
        raise TypeError(f"unknown command {type(command).__name__}")
    authorize(case, command, actor)
    if case.stage is Stage.ARCHIVED and not isinstance(command, cmd.RecordCorrection):
        raise refuse("case_archived", "案件已归档，只能登记更正")
    last = case.last_on
    if last is not None and today < last:
        raise refuse(
            "date_before_last_event", f"操作日期{today.isoformat()}早于本案最近一次记录（{last.isoformat()}）"
        )
    ctx = Ctx(case=case, actor=actor, today=today, calendar=calendar or WorkingCalendar(), profile=profile)
    return handler(ctx, command)


def execute(
    case: Case,
    command: cmd.Command,
    actor: Actor,
    today: date,
    *,
    calendar: WorkingCalendar | None = None,
    profile: Profile = DEFAULT_PROFILE,
) -> list[Event]:
    """`decide`, then apply the events to `case` (for in-memory use and tests); returns the events."""
    events = decide(case, command, actor, today, calendar=calendar, profile=profile)
    for event in events:
        case.apply(event)
    return events

"""The case actions: URL slug → input model → domain command, with the stages each action belongs to.

`build_command(session, actor, action, data)` validates a JSON body and turns it into the domain command;
officers are resolved by user id inside the actor's scope. `ACTIONS` also drives the API routes, the CLI
`do` command and the “allowed next actions” hint (the domain's `decide` stays the authority).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from zhifa.domain import commands as cmd
from zhifa.domain import records as rc
from zhifa.domain import remedies as rm
from zhifa.domain.actors import Actor
from zhifa.domain.flow_records import ADDRESS_STAGES, CORRECTION_STAGES, RECORD_STAGES
from zhifa.domain.flow_remedy import AFTER_DECISION, SEIZURE_STAGES
from zhifa.domain.parties import Party
from zhifa.domain.stages import PRE_DECISION, Stage
from zhifa.domain.suggestion import Suggestion
from zhifa.domain.values import EvidenceItem, Officer, Penalty
from zhifa.errors import ValidationFailed
from zhifa.problems import problems_of
from zhifa.services import case_inputs as inp
from zhifa.services import case_inputs_records as rec
from zhifa.services import case_inputs_remedy as rin
from zhifa.store.hot import in_list
from zhifa.store.models.identity import Agency, User

S = Stage
FILED_OPEN = PRE_DECISION | {S.SUSPENDED, S.DECIDED, S.EXECUTION, S.PENDING_CLOSE}
ANY_STAGE = frozenset(Stage)


@dataclass(frozen=True)
class ActionSpec:
    """One action on an existing case."""

    slug: str
    label: str
    model: type[inp.Input]
    command: type[cmd.Command]
    stages: frozenset[Stage]


def _spec(
    slug: str, label: str, model: type[inp.Input], command: type[cmd.Command], stages: Collection[Stage]
) -> ActionSpec:
    return ActionSpec(slug, label, model, command, frozenset(stages))


ACTIONS: dict[str, ActionSpec] = {
    s.slug: s
    for s in (
        _spec("extend-clue-check", "延长核查期限", inp.ExtendClueCheckIn, cmd.ExtendClueCheck, {S.CLUE}),
        _spec("pause-clock", "登记检测鉴定期间", inp.PauseClockIn, cmd.PauseClock, PRE_DECISION | {S.CLUE}),
        _spec(
            "resume-clock", "登记检测鉴定结束", inp.ResumeClockIn, cmd.ResumeClock, PRE_DECISION | {S.CLUE}
        ),
        _spec("file", "批准立案", inp.FileCaseIn, cmd.FileCase, {S.CLUE}),
        _spec("decline", "批准不予立案", inp.DeclineFilingIn, cmd.DeclineFiling, {S.CLUE}),
        _spec("assign-handlers", "变更办案人员", inp.AssignHandlersIn, cmd.AssignHandlers, FILED_OPEN),
        _spec(
            "add-evidence",
            "收集证据",
            inp.AddEvidenceIn,
            cmd.AddEvidence,
            {S.INVESTIGATION, S.STATEMENT, S.HEARING, S.DELIBERATION},
        ),
        _spec(
            "preserve-evidence",
            "先行登记保存证据",
            inp.PreserveEvidenceIn,
            cmd.PreserveEvidence,
            {S.CLUE, S.INVESTIGATION},
        ),
        _spec(
            "handle-preservation",
            "处理先行登记保存证据",
            inp.HandlePreservationIn,
            cmd.HandlePreservation,
            {S.CLUE, S.INVESTIGATION},
        ),
        _spec("report", "提交调查终结报告", inp.SubmitReportIn, cmd.SubmitReport, {S.INVESTIGATION}),
        _spec("review", "签署审核意见", inp.SignReviewIn, cmd.SignReview, {S.REVIEW, S.DELIBERATION}),
        _spec("approve", "批准拟处罚意见", inp.ApprovePenaltyIn, cmd.ApprovePenalty, {S.APPROVAL}),
        _spec("notice", "制发行政处罚告知书", inp.IssueNoticeIn, cmd.IssueNotice, {S.NOTICE}),
        _spec(
            "serve", "送达文书", inp.ServeDocumentIn, cmd.ServeDocument, {S.STATEMENT, S.DECIDED, S.HEARING}
        ),
        _spec(
            "statement",
            "记录陈述申辩",
            inp.RecordStatementIn,
            cmd.RecordStatement,
            {S.STATEMENT, S.HEARING, S.DELIBERATION},
        ),
        _spec("request-hearing", "登记听证申请", inp.RequestHearingIn, cmd.RequestHearing, {S.STATEMENT}),
        _spec("appoint-presider", "指定听证主持人", inp.AppointPresiderIn, cmd.AppointPresider, {S.HEARING}),
        _spec("hold-hearing", "提交听证报告", inp.HoldHearingIn, cmd.HoldHearing, {S.HEARING}),
        _spec(
            "discussion",
            "记录集体讨论",
            inp.DiscussionIn,
            cmd.RecordCollectiveDiscussion,
            PRE_DECISION | {S.SUSPENDED},
        ),
        _spec(
            "decide",
            "作出处理决定",
            inp.IssueDecisionIn,
            cmd.IssueDecision,
            {S.APPROVAL, S.NOTICE, S.STATEMENT, S.DELIBERATION},
        ),
        _spec(
            "publish",
            "公示行政处罚信息",
            inp.PublishDecisionIn,
            cmd.PublishDecision,
            {S.DECIDED, S.EXECUTION, S.PENDING_CLOSE, S.CLOSED},
        ),
        _spec("pay", "登记缴款", inp.RecordPaymentIn, cmd.RecordPayment, {S.EXECUTION, S.PENDING_CLOSE}),
        _spec("instalments", "批准分期缴纳", inp.ApproveInstalmentsIn, cmd.ApproveInstalments, {S.EXECUTION}),
        _spec("deferral", "批准延期缴纳", inp.ApproveDeferralIn, cmd.ApproveDeferral, {S.EXECUTION}),
        _spec("enforce", "申请强制执行", inp.ApplyEnforcementIn, cmd.ApplyEnforcement, {S.EXECUTION}),
        _spec("suspend", "批准中止调查", inp.SuspendCaseIn, cmd.SuspendCase, PRE_DECISION),
        _spec("resume", "恢复调查", inp.ReasonIn, cmd.ResumeCase, {S.SUSPENDED}),
        _spec("terminate", "批准终止调查", inp.ReasonIn, cmd.TerminateCase, PRE_DECISION | {S.SUSPENDED}),
        _spec(
            "transfer", "批准移送", inp.TransferCaseIn, cmd.TransferCase, PRE_DECISION | {S.CLUE, S.SUSPENDED}
        ),
        _spec(
            "extend", "批准延长期限", inp.ExtendDeadlineIn, cmd.ExtendDeadline, PRE_DECISION | {S.SUSPENDED}
        ),
        _spec(
            "close",
            "批准结案",
            inp.CloseCaseIn,
            cmd.CloseCase,
            {S.PENDING_CLOSE, S.TRANSFERRED, S.TERMINATED, S.EXECUTION},
        ),
        _spec("archive", "立卷归档", inp.ArchiveCaseIn, cmd.ArchiveCase, {S.CLOSED, S.NOT_FILED}),
        _spec(
            "file-summary-records",
            "简易程序材料交部门归档",
            inp.FileSummaryRecordsIn,
            cmd.FileSummaryRecords,
            {S.EXECUTION, S.PENDING_CLOSE, S.CLOSED},
        ),
        _spec(
            "hand-over-cash",
            "当场收缴的罚款交至部门",
            inp.HandOverCashIn,
            cmd.HandOverCash,
            {S.EXECUTION, S.PENDING_CLOSE},
        ),
        _spec("correct", "更正记录", inp.CorrectionIn, cmd.RecordCorrection, ANY_STAGE),
        _spec("appeal", "登记复议或诉讼", rin.AppealIn, rm.RecordAppeal, AFTER_DECISION),
        _spec(
            "appeal-outcome",
            "登记复议或诉讼结果",
            rin.AppealOutcomeIn,
            rm.RecordAppealOutcome,
            AFTER_DECISION,
        ),
        _spec("seize", "批准查封、扣押", rin.SeizureIn, rm.ImposeSeizure, SEIZURE_STAGES),
        _spec("extend-seizure", "批准延长查封、扣押", rin.ExtendSeizureIn, rm.ExtendSeizure, SEIZURE_STAGES),
        _spec("lift-seizure", "批准解除查封、扣押", rin.LiftSeizureIn, rm.LiftSeizure, SEIZURE_STAGES),
        _spec("inspect-site", "制作现场笔录", rec.InspectSiteIn, rc.InspectSite, RECORD_STAGES),
        _spec("inquiry", "制作询问笔录", rec.RecordInquiryIn, rc.RecordInquiry, RECORD_STAGES),
        _spec(
            "confirm-address", "登记送达地址确认书", rec.ConfirmAddressIn, rc.ConfirmAddress, ADDRESS_STAGES
        ),
        _spec("order-correction", "责令改正", rec.OrderCorrectionIn, rc.OrderCorrection, CORRECTION_STAGES),
        _spec("schedule-hearing", "制发听证通知书", rec.ScheduleHearingIn, rc.ScheduleHearing, {S.HEARING}),
        _spec("hearing-record", "制作听证笔录", rec.RecordHearingIn, rc.RecordHearing, {S.HEARING}),
        _spec("remind", "制发履行催告书", rec.RemindPaymentIn, rc.RemindPayment, {S.EXECUTION}),
    )
}

_OFFICER_FIELDS = {"handler_ids": "handlers", "officer_ids": "officers", "team_ids": "team"}


def parse_input(model: type[inp.Input], data: Mapping[str, Any] | BaseModel | None) -> inp.Input:
    """Validate a JSON body against `model`; a ValidationFailed with the fields in Chinese otherwise."""
    if isinstance(data, model):
        return data
    if isinstance(data, BaseModel):
        data = data.model_dump()
    try:
        return model.model_validate(dict(data or {}))
    except PydanticError as exc:
        problems = problems_of(exc.errors())
        fields = "、".join(p["field"] or "(整体)" for p in problems)
        raise ValidationFailed(
            f"请求数据不符合要求：{fields}", code="validation_error", details=problems
        ) from None


class _OfficerRow(NamedTuple):
    id: int
    display_name: str
    credential_no: str | None
    active: bool
    path: str


_U, _A = cast(Table, User.__table__).c, cast(Table, Agency.__table__).c
_OFFICERS = in_list(
    select(_U.id, _U.display_name, _U.credential_no, _U.active, _A.path).join_from(
        User.__table__, Agency.__table__, _A.id == _U.agency_id
    ),
    _U.id,
    "b_ids",
)


class OfficerResolver:
    """Resolve user ids to officers (name and 执法证号 from the register), inside the actor's scope."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session, self.actor = session, actor

    def many(self, user_ids: Sequence[int]) -> tuple[Officer, ...]:
        """The officers in the given order (one query for all of them)."""
        if not user_ids:
            return ()
        found = _OFFICERS.all(self.session, {"b_ids": sorted(set(user_ids))})
        rows = {r[0]: _OfficerRow(*r) for r in found}
        out = []
        for user_id in user_ids:
            row = rows.get(user_id)
            if row is None or not row.active or not self.actor.covers(row.path):
                raise ValidationFailed(f"用户 {user_id} 不存在或不在本机构范围内", code="officer_not_found")
            out.append(Officer(user_id, row.display_name, row.credential_no or ""))
        return tuple(out)

    def __call__(self, user_id: int) -> Officer:
        """One officer."""
        return self.many([user_id])[0]


def officer_resolver(session: Session, actor: Actor) -> OfficerResolver:
    """The resolver of user ids to officers for this actor."""
    return OfficerResolver(session, actor)


def party_from(p: inp.PartyIn) -> Party:
    """Validated domain party (identifiers checked with python-stdnum)."""
    return Party.create(
        p.kind, p.name, uscc=p.uscc, id_number=p.id_number, id_kind=p.id_kind, address=p.address
    )


def penalty_from(p: inp.PenaltyIn) -> Penalty:
    """Validated domain penalty (amounts non-negative and sane, kinds consistent)."""
    return Penalty(
        kinds=frozenset(p.kinds),
        fine=p.fine,
        confiscated_income=p.confiscated_income,
        confiscated_property_value=p.confiscated_property_value,
        other_hearing_ground=p.other_hearing_ground,
    )


def _convert(value: Any) -> Any:
    if isinstance(value, inp.PartyIn):
        return party_from(value)
    if isinstance(value, inp.PenaltyIn):
        return penalty_from(value)
    if isinstance(value, inp.EvidenceIn):
        return EvidenceItem(value.kind, value.title, tuple(value.file_sm3), value.source)
    if isinstance(value, inp.SuggestionIn):
        return Suggestion(**value.model_dump())
    if isinstance(value, inp.InstalmentIn):
        return (value.due, value.amount)
    if isinstance(value, list):
        return tuple(_convert(v) for v in value)
    return value


def to_command(
    command: type[cmd.Command], body: BaseModel, resolve: OfficerResolver, **extra: Any
) -> cmd.Command:
    """Build the domain command from a validated body (field names match; officer ids resolved)."""
    kwargs: dict[str, Any] = dict(extra)
    for name in type(body).model_fields:
        value = getattr(body, name)
        if name in ("agency_code", "party_signature_png"):  # not command fields (the service handles them)
            continue
        if name in _OFFICER_FIELDS:
            kwargs[_OFFICER_FIELDS[name]] = resolve.many(value)
        elif name == "presider_id":
            kwargs["presider"] = resolve(value)
        elif name == "major_grounds":
            kwargs[name] = frozenset(value)
        else:
            kwargs[name] = _convert(value)
    return command(**kwargs)


def build_command(
    session: Session, actor: Actor, action: str, data: Mapping[str, Any] | BaseModel | None
) -> cmd.Command:
    """Validate the body of `action` and return its domain command."""
    spec = ACTIONS.get(action)
    if spec is None:
        known = "、".join(ACTIONS)
        raise ValidationFailed(f"未知的案件操作“{action}”，可选：{known}", code="unknown_action")
    body = parse_input(spec.model, data)
    return to_command(spec.command, body, officer_resolver(session, actor))


def action_of(command: cmd.Command) -> str:
    """The slug of a command type ('' for the creating commands)."""
    for spec in ACTIONS.values():
        if spec.command is type(command):
            return spec.slug
    return ""

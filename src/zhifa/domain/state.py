"""The case state: a projection of its events (`Case.replay`). No rules here — `decide` checks them."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from zhifa.domain import corrections, intake, records, remedies
from zhifa.domain import events as ev
from zhifa.domain.grounds import MajorGround, Outcome, ReviewKind, ReviewOpinion
from zhifa.domain.options import DocKind, HearingOutcome, Pause, PauseKind, ServiceMethod
from zhifa.domain.parties import Party
from zhifa.domain.remedies import Appeal, Seizure
from zhifa.domain.stages import Stage
from zhifa.domain.values import Officer, Penalty


@dataclass
class Case:
    """Current state of one case."""

    version: int = 0
    stage: Stage | None = None
    summary_procedure: bool = False
    agency_path: str = ""
    agency_code: str = ""
    discovered_on: date | None = None
    party: Party | None = None
    act_date: date | None = None
    filed_on: date | None = None
    handlers: tuple[Officer, ...] = ()
    major_grounds: frozenset[MajorGround] = frozenset()
    clue_extended_days: int = 0
    pauses: list[Pause] = field(default_factory=list)
    evidence_count: int = 0
    preservations: list[tuple[date, date | None]] = field(default_factory=list)
    report: ev.InvestigationReported | None = None
    reported_on: date | None = None
    reviews: list[ev.ReviewSigned] = field(default_factory=list)
    approved: ev.PenaltyApproved | None = None
    notice: ev.NoticeIssued | None = None
    notice_served_on: date | None = None
    statements: list[ev.StatementRecorded] = field(default_factory=list)
    hearing_requested_on: date | None = None
    presider: Officer | None = None
    hearing: ev.HearingHeld | None = None
    discussions: list[ev.CollectiveDiscussionRecorded] = field(default_factory=list)
    decision: ev.DecisionIssued | None = None
    decision_served_on: date | None = None
    published_on: date | None = None
    payments: list[tuple[date, Decimal]] = field(default_factory=list)
    late_fee_paid: Decimal = Decimal("0.00")
    schedule: list[tuple[date, Decimal]] = field(default_factory=list)
    enforcement_applied_on: date | None = None
    stage_before_suspension: Stage | None = None
    extensions: dict[str, list[ev.DeadlineExtended]] = field(default_factory=dict)
    closing_trigger_on: date | None = None
    closed_on: date | None = None
    summary_filed_on: date | None = None
    cash_collected_on: date | None = None  # 当场收缴 (行政处罚法 第六十八条、第六十九条)
    cash_handed_on: date | None = None  # 交至行政机关 (第七十一条)
    history: list[tuple[int, str, int, date]] = field(default_factory=list)  # (seq, type, by, on)
    corrections: list[ev.CorrectionRecorded] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)  # 行政复议 / 行政诉讼
    seizures: list[Seizure] = field(default_factory=list)  # 查封 / 扣押
    hearing_scheduled: records.HearingScheduled | None = None  # 听证通知书
    hearing_recorded_on: date | None = None  # 听证笔录: the day the hearing was held
    correction_ordered: records.CorrectionOrdered | None = None  # the latest 责令改正通知书
    reminded_on: date | None = None  # 履行催告书
    intake_accepted: bool = False  # a pushed clue taken into the workflow (domain.intake)
    reroutes: int = 0  # moves to the competent agency (程序规定 第十四条)
    events: list[ev.Event] = field(default_factory=list, repr=False, compare=False)  # as recorded
    fixed: dict[int, ev.Event] = field(default_factory=dict, repr=False, compare=False)  # seq → as corrected

    @classmethod
    def replay(cls, events: Iterable[ev.Event]) -> Case:
        """Rebuild the state from its events in order."""
        case = cls()
        for event in events:
            case.apply(event)
        return case

    @property
    def exists(self) -> bool:
        """True once the first event has been applied."""
        return self.version > 0

    @property
    def handler_ids(self) -> frozenset[int]:
        """User ids of the assigned handlers."""
        return frozenset(o.user_id for o in self.handlers)

    @property
    def last_on(self) -> date | None:
        """Recording day of the latest event."""
        return self.history[-1][3] if self.history else None

    @property
    def hearing_held(self) -> bool:
        """True when a hearing actually took place (makes the case one of 第五十条第一款第二项)."""
        return self.hearing is not None and self.hearing.outcome is HearingOutcome.HELD

    @property
    def is_major(self) -> bool:
        """A case of 程序规定 第五十条 (法制审核 and, for penalties, collective discussion)."""
        return bool(self.major_grounds) or self.hearing_held

    @property
    def money_due(self) -> Decimal:
        """Fine plus confiscated income of the decided penalty."""
        penalty = self.decided_penalty
        return penalty.money_due if penalty else Decimal("0.00")

    @property
    def decided_penalty(self) -> Penalty | None:
        """The penalty of the decision, if any."""
        return self.decision.penalty if self.decision else None

    @property
    def paid(self) -> Decimal:
        """Principal paid so far."""
        return sum((amount for _, amount in self.payments), Decimal("0.00"))

    def signed_after(self, kind: ReviewKind, after: date | None) -> bool:
        """True when an agreeing review of `kind` was signed on or after `after`."""
        return any(
            r.kind is kind and r.opinion is ReviewOpinion.AGREE and (after is None or r.on >= after)
            for r in self.reviews
        )

    def record(self, seq: int) -> ev.Event:
        """The record at `seq` as corrected (更正记录 applied, domain.corrections)."""
        return self.fixed.get(seq) or self.events[seq - 1]

    @property
    def corrected_events(self) -> list[ev.Event]:
        """Every record in order, as corrected: what the case reads (the ledger keeps the originals)."""
        if not self.fixed:
            return list(self.events)
        return [self.fixed.get(seq, e) for seq, e in enumerate(self.events, 1)]

    def apply(self, event: ev.Event) -> None:
        """Fold one event into the state; a correction that changes its record refolds the records as
        corrected, so the state is always that of the corrected records (replay and increments agree)."""
        self.events.append(event)
        if isinstance(event, ev.CorrectionRecorded) and 1 <= event.corrects_seq < len(self.events):
            fixed = corrections.corrected(self.record(event.corrects_seq), event)
            if fixed is not None:
                self._refold({**self.fixed, event.corrects_seq: fixed})
                return
        self._fold(event)

    def _refold(self, fixed: dict[int, ev.Event]) -> None:
        fresh = Case()
        for seq, event in enumerate(self.events, 1):
            fresh._fold(fixed.get(seq, event))
        fresh.events, fresh.fixed = self.events, fixed
        self.__dict__.update(fresh.__dict__)

    def __deepcopy__(self, memo: dict[int, Any]) -> Case:
        """A copy to apply events to (a preview): the recorded events are immutable, so shared."""
        clone = copy.copy(self)
        for name, value in self.__dict__.items():
            if name == "events":
                clone.events = list(value)
            elif name == "fixed":
                clone.fixed = dict(value)
            else:
                setattr(clone, name, copy.deepcopy(value, memo))
        return clone

    def _fold(self, event: ev.Event) -> None:
        self.version += 1
        self.history.append((self.version, event.type, event.by, event.on))
        handler = _APPLY.get(type(event))
        if handler is not None:
            handler(self, event)

    def _to_close(self, stage: Stage, on: date) -> None:
        self.stage = stage
        self.closing_trigger_on = on


def _clue(c: Case, e: ev.ClueRegistered) -> None:
    c.stage, c.agency_path, c.agency_code = Stage.CLUE, e.agency_path, e.agency_code
    c.discovered_on, c.party = e.discovered_on, e.party


def _filed(c: Case, e: ev.CaseFiled) -> None:
    c.stage, c.filed_on, c.party, c.act_date = Stage.INVESTIGATION, e.on, e.party, e.act_date
    c.handlers, c.major_grounds = e.handlers, c.major_grounds | e.major_grounds


def _pause(c: Case, e: ev.ClockPaused) -> None:
    c.pauses.append(Pause(e.kind, e.started_on))


def _resume(c: Case, e: ev.ClockResumed) -> None:
    _end_pause(c, e.kind, e.ended_on)


def _end_pause(c: Case, kind: PauseKind, end: date) -> None:
    for pause in c.pauses:
        if pause.kind is kind and pause.end is None:
            pause.end = end


def _reported(c: Case, e: ev.InvestigationReported) -> None:
    c.stage, c.report, c.reported_on = Stage.REVIEW, e, e.on
    c.major_grounds = c.major_grounds | e.major_grounds


def _review(c: Case, e: ev.ReviewSigned) -> None:
    c.reviews.append(e)
    if c.stage is Stage.REVIEW:
        c.stage = Stage.APPROVAL if e.opinion is ReviewOpinion.AGREE else Stage.INVESTIGATION


def _notice(c: Case, e: ev.NoticeIssued) -> None:
    c.stage, c.notice = Stage.STATEMENT, e


def _served(c: Case, e: ev.DocumentServed) -> None:
    if e.method is ServiceMethod.PUBLIC_NOTICE and e.published_on and c.decision is None:
        c.pauses.append(Pause(PauseKind.PUBLIC_NOTICE, e.published_on, e.served_on))
    if e.document is DocKind.NOTICE and c.notice_served_on is None:
        c.notice_served_on = e.served_on
    elif e.document is DocKind.DECISION and c.decision_served_on is None:
        c.decision_served_on = e.served_on
        if c.decision and c.decision.outcome is Outcome.PENALTY and c.money_due > 0:
            c.stage = Stage.EXECUTION
            c.schedule = [(e.served_on + timedelta(days=15), c.money_due)]  # 程序规定 第七十二条
        else:
            c._to_close(Stage.PENDING_CLOSE, e.served_on)


def _hearing_requested(c: Case, e: ev.HearingRequested) -> None:
    c.stage, c.hearing_requested_on = Stage.HEARING, e.requested_on
    c.pauses.append(Pause(PauseKind.HEARING, e.requested_on))


def _hearing_held(c: Case, e: ev.HearingHeld) -> None:
    c.stage, c.hearing = Stage.DELIBERATION, e
    _end_pause(c, PauseKind.HEARING, e.held_on)
    if e.outcome is HearingOutcome.HELD:
        c.major_grounds = c.major_grounds | {MajorGround.HEARING_HELD}


def _decided(c: Case, e: ev.DecisionIssued) -> None:
    c.decision = e
    if e.outcome in (Outcome.TRANSFER_AGENCY, Outcome.TRANSFER_JUDICIARY):
        c._to_close(Stage.TRANSFERRED, e.on)
    else:
        c.stage = Stage.DECIDED


def _payment(c: Case, e: ev.PaymentRecorded) -> None:
    if e.late_fee:
        c.late_fee_paid += e.amount
        return
    c.payments.append((e.paid_on, e.amount))
    if c.paid >= c.money_due and c.stage is Stage.EXECUTION:
        c._to_close(Stage.PENDING_CLOSE, e.paid_on)


def _instalments(c: Case, e: ev.InstalmentApproved) -> None:
    c.schedule = list(e.schedule)


def _deferral(c: Case, e: ev.DeferralApproved) -> None:
    c.schedule = [(e.new_due, c.money_due)]


def _suspended(c: Case, e: ev.CaseSuspended) -> None:
    c.stage_before_suspension, c.stage = c.stage, Stage.SUSPENDED
    c.pauses.append(Pause(PauseKind.SUSPENSION, e.on))


def _resumed(c: Case, e: ev.CaseResumed) -> None:
    c.stage, c.stage_before_suspension = c.stage_before_suspension, None
    _end_pause(c, PauseKind.SUSPENSION, e.on)


def _extended(c: Case, e: ev.DeadlineExtended) -> None:
    c.extensions.setdefault(e.clock.value, []).append(e)


def _summary(c: Case, e: ev.SummaryPenaltyIssued) -> None:
    c.summary_procedure, c.agency_path, c.agency_code = True, e.agency_path, e.agency_code
    c.party, c.act_date, c.handlers = e.party, e.act_date, e.officers
    c.decision = ev.DecisionIssued(
        by=e.by, on=e.on, outcome=Outcome.PENALTY, penalty=e.penalty, no_penalty_ground=None, reasons=e.basis
    )
    c.decision_served_on = e.on  # 当场交付 (行政处罚法 第五十二条)
    if e.collection.on_the_spot:
        c.cash_collected_on = e.on
    if e.penalty.money_due > 0:
        c.stage, c.schedule = Stage.EXECUTION, [(e.on + timedelta(days=15), e.penalty.money_due)]
    else:
        c._to_close(Stage.PENDING_CLOSE, e.on)


def _approved(c: Case, e: ev.PenaltyApproved) -> None:
    c.approved, c.stage = e, Stage.NOTICE


def _closed(c: Case, e: ev.CaseClosed) -> None:
    c.stage, c.closed_on = Stage.CLOSED, e.on


_APPLY: dict[type[ev.Event], Callable[[Case, Any], object]] = {
    ev.ClueRegistered: _clue,
    ev.ClueCheckExtended: lambda c, e: setattr(c, "clue_extended_days", c.clue_extended_days + e.days),
    ev.ClockPaused: _pause,
    ev.ClockResumed: _resume,
    ev.CaseFiled: _filed,
    ev.FilingDeclined: lambda c, e: setattr(c, "stage", Stage.NOT_FILED),
    ev.HandlersAssigned: lambda c, e: setattr(c, "handlers", e.handlers),
    ev.EvidenceAdded: lambda c, e: setattr(c, "evidence_count", c.evidence_count + 1),
    ev.EvidencePreserved: lambda c, e: c.preservations.append((e.preserved_on, None)),
    ev.PreservationHandled: lambda c, e: c.preservations.__setitem__(
        -1, (c.preservations[-1][0], e.handled_on)
    ),
    ev.InvestigationReported: _reported,
    ev.ReviewSigned: _review,
    ev.PenaltyApproved: _approved,
    ev.NoticeIssued: _notice,
    ev.DocumentServed: _served,
    ev.StatementRecorded: lambda c, e: c.statements.append(e),
    ev.HearingRequested: _hearing_requested,
    ev.HearingPresiderAppointed: lambda c, e: setattr(c, "presider", e.presider),
    ev.HearingHeld: _hearing_held,
    ev.CollectiveDiscussionRecorded: lambda c, e: c.discussions.append(e),
    ev.DecisionIssued: _decided,
    ev.DecisionPublished: lambda c, e: setattr(c, "published_on", e.published_on),
    ev.PaymentRecorded: _payment,
    ev.InstalmentApproved: _instalments,
    ev.DeferralApproved: _deferral,
    ev.EnforcementApplied: lambda c, e: setattr(c, "enforcement_applied_on", e.on),
    ev.CaseSuspended: _suspended,
    ev.CaseResumed: _resumed,
    ev.CaseTerminated: lambda c, e: c._to_close(Stage.TERMINATED, e.on),
    ev.CaseTransferred: lambda c, e: c._to_close(Stage.TRANSFERRED, e.on),
    ev.DeadlineExtended: _extended,
    ev.CaseClosed: _closed,
    ev.CaseArchived: lambda c, e: setattr(c, "stage", Stage.ARCHIVED),
    ev.SummaryPenaltyIssued: _summary,
    ev.SummaryRecordsFiled: lambda c, e: setattr(c, "summary_filed_on", e.filed_on),
    ev.CashHandedOver: lambda c, e: setattr(c, "cash_handed_on", e.handed_on),
    ev.CorrectionRecorded: lambda c, e: c.corrections.append(e),
    **remedies.APPLY,
    **records.APPLY,
    **intake.APPLY,
}

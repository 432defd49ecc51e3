"""Property tests: random command sequences by random actors never reach an illegal state, never skip a
required sign-off, never let anyone act outside their scope, and refusals never change anything."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.domain.builders import (
    AGENCY,
    CITY_HEAD,
    H1,
    H2,
    H3,
    HEAD,
    HEARD,
    INSPECTOR,
    OFFICERS,
    ORG,
    OUTSIDER,
    PERSON,
    PRESIDER,
    PRESIDER_OFFICER,
    REVIEWER,
    UNQUALIFIED,
    WARNING,
    fine,
)
from zhifa.domain import commands as cmd
from zhifa.domain import events as ev
from zhifa.domain.actors import Actor, Role
from zhifa.domain.calendar import WorkingCalendar
from zhifa.domain.case import Case, decide
from zhifa.domain.grounds import (
    ClueSource,
    DeclineGround,
    MajorGround,
    NoPenaltyGround,
    Outcome,
    ReviewKind,
    ReviewOpinion,
)
from zhifa.domain.options import (
    Clock,
    CloseGround,
    DocKind,
    HearingOutcome,
    PauseKind,
    ServiceMethod,
    StatementKind,
    SuspensionGround,
    TransferTarget,
)
from zhifa.domain.stages import PRE_DECISION, Stage
from zhifa.domain.values import EvidenceItem, EvidenceKind, Officer, sm3_hex
from zhifa.errors import ZhifaError

CAL = WorkingCalendar({date(2027, 1, 1): False}, complete_years=[2027])  # the administrator entered 2027
ACTORS = [H1, H2, H3, REVIEWER, UNQUALIFIED, HEAD, PRESIDER, INSPECTOR, OUTSIDER, CITY_HEAD]

S = Stage
LEGAL_NEXT: dict[Stage | None, set[Stage]] = {
    None: {S.CLUE, S.EXECUTION, S.PENDING_CLOSE},
    S.CLUE: {S.INVESTIGATION, S.NOT_FILED, S.TRANSFERRED},
    S.NOT_FILED: {S.ARCHIVED},
    S.INVESTIGATION: {S.REVIEW, S.SUSPENDED, S.TERMINATED, S.TRANSFERRED},
    S.REVIEW: {S.APPROVAL, S.INVESTIGATION, S.SUSPENDED, S.TERMINATED, S.TRANSFERRED},
    S.APPROVAL: {S.NOTICE, S.DECIDED, S.SUSPENDED, S.TERMINATED, S.TRANSFERRED},
    S.NOTICE: {S.STATEMENT, S.DECIDED, S.SUSPENDED, S.TERMINATED, S.TRANSFERRED},
    S.STATEMENT: {S.HEARING, S.DECIDED, S.SUSPENDED, S.TERMINATED, S.TRANSFERRED},
    S.HEARING: {S.DELIBERATION, S.SUSPENDED, S.TERMINATED, S.TRANSFERRED},
    S.DELIBERATION: {S.DECIDED, S.INVESTIGATION, S.SUSPENDED, S.TERMINATED, S.TRANSFERRED},
    S.SUSPENDED: set(PRE_DECISION) | {S.TERMINATED, S.TRANSFERRED},
    S.DECIDED: {S.EXECUTION, S.PENDING_CLOSE},
    S.EXECUTION: {S.PENDING_CLOSE, S.CLOSED},
    S.PENDING_CLOSE: {S.CLOSED},
    S.TERMINATED: {S.CLOSED},
    S.TRANSFERRED: {S.CLOSED},
    S.CLOSED: {S.ARCHIVED},
    S.ARCHIVED: set(),
}
HEAD_SIGNED = {
    "ClueCheckExtended",
    "CaseFiled",
    "FilingDeclined",
    "HandlersAssigned",
    "EvidencePreserved",
    "PreservationHandled",
    "PenaltyApproved",
    "HearingPresiderAppointed",
    "CollectiveDiscussionRecorded",
    "DecisionIssued",
    "InstalmentApproved",
    "DeferralApproved",
    "EnforcementApplied",
    "CaseSuspended",
    "CaseResumed",
    "CaseTerminated",
    "CaseTransferred",
    "DeadlineExtended",
    "CaseClosed",
}


def candidates(case: Case, today: date) -> list[cmd.Command]:
    """Commands worth trying now: some fit the stage, most do not."""
    back = today - timedelta(days=20)
    served = case.hearing_requested_on or today
    item = EvidenceItem(EvidenceKind.DOCUMENT, "票据", (sm3_hex(b"x"),))
    due = case.money_due - case.paid
    return [
        cmd.RegisterClue(
            agency_path=AGENCY,
            agency_code="420102",
            source=ClueSource.INSPECTION,
            discovered_on=today,
            summary="检查发现",
        ),
        cmd.IssueSummaryPenalty(
            agency_path=AGENCY,
            agency_code="420102",
            party=PERSON,
            act_date=today,
            violation="x",
            basis="y",
            penalty=fine("150"),
            officers=OFFICERS,
            place="z",
            **HEARD,  # type: ignore[arg-type]
        ),
        cmd.IssueSummaryPenalty(
            agency_path=AGENCY,
            agency_code="420102",
            party=ORG,
            act_date=today,
            violation="x",
            basis="y",
            penalty=WARNING,
            officers=OFFICERS,
            place="z",
            **HEARD,  # type: ignore[arg-type]
        ),
        cmd.FileCase(party=ORG, act_date=today - timedelta(days=30), violation="x", handlers=OFFICERS),
        cmd.FileCase(
            party=PERSON,
            act_date=today - timedelta(days=30),
            violation="x",
            handlers=OFFICERS,
            major_grounds=frozenset({MajorGround.COMPLEX}),
        ),
        cmd.DeclineFiling(ground=DeclineGround.FIRST_VIOLATION_MINOR_HARM, reason="首违"),
        cmd.AddEvidence(item=item, collected_on=today, co_handler_id=12),
        cmd.AddEvidence(item=item, collected_on=today, co_handler_id=11),
        cmd.SubmitReport(
            facts="f",
            proposed_outcome=Outcome.PENALTY,
            proposal=fine("20000"),
            discretion_reasons="依裁量基准一般处罚",
            legal_basis=("某法",),
        ),
        cmd.SubmitReport(
            facts="f",
            proposed_outcome=Outcome.NOT_ESTABLISHED,
            proposal=None,
            discretion_reasons="证据不足以认定违法",
            legal_basis=(),
        ),
        cmd.SignReview(kind=ReviewKind.CASE, opinion=ReviewOpinion.AGREE, comments=""),
        cmd.SignReview(kind=ReviewKind.LEGAL, opinion=ReviewOpinion.AGREE, comments=""),
        cmd.SignReview(kind=ReviewKind.LEGAL, opinion=ReviewOpinion.SUPPLEMENT, comments="补充"),
        cmd.ApprovePenalty(penalty=fine("20000")),
        cmd.ApprovePenalty(penalty=fine("500")),
        cmd.IssueNotice(),
        cmd.ServeDocument(document=DocKind.NOTICE, method=ServiceMethod.IN_PERSON, served_on=today),
        cmd.ServeDocument(document=DocKind.DECISION, method=ServiceMethod.IN_PERSON, served_on=today),
        cmd.ServeDocument(document=DocKind.HEARING_NOTICE, method=ServiceMethod.IN_PERSON, served_on=today),
        cmd.RecordStatement(kind=StatementKind.STATEMENT, summary="申辩", stated_on=today),
        cmd.RecordStatement(kind=StatementKind.WAIVER, summary="", stated_on=today),
        cmd.RequestHearing(requested_on=today),
        cmd.AppointPresider(presider=PRESIDER_OFFICER),
        cmd.AppointPresider(presider=OFFICERS[0]),
        cmd.HoldHearing(outcome=HearingOutcome.HELD, held_on=today, notice_served_on=served, report="报告"),
        cmd.HoldHearing(
            outcome=HearingOutcome.WITHDRAWN, held_on=today, notice_served_on=None, report="撤回"
        ),
        cmd.RecordCollectiveDiscussion(participants=("甲", "乙"), conclusion="同意", discussed_on=today),
        cmd.IssueDecision(outcome=Outcome.PENALTY, penalty=fine("20000"), reasons="r"),
        cmd.IssueDecision(outcome=Outcome.PENALTY, penalty=fine("400"), reasons="r"),
        cmd.IssueDecision(outcome=Outcome.PENALTY, penalty=fine("90000"), reasons="r"),
        cmd.IssueDecision(
            outcome=Outcome.NO_PENALTY, no_penalty_ground=NoPenaltyGround.NO_FAULT, reasons="r"
        ),
        cmd.IssueDecision(outcome=Outcome.TRANSFER_JUDICIARY, transfer_to="公安", reasons="r"),
        cmd.PublishDecision(published_on=today),
        cmd.RecordPayment(amount=due if due > 0 else Decimal("1"), paid_on=today),
        cmd.RecordPayment(amount=Decimal("100"), paid_on=today),
        cmd.RecordPayment(amount=Decimal("30"), paid_on=today, late_fee=True),
        cmd.ApproveInstalments(
            schedule=(
                (today + timedelta(days=10), Decimal("100")),
                (today + timedelta(days=40), max(due - 100, Decimal("1"))),
            ),
            applied_on=today,
        ),
        cmd.ApproveDeferral(new_due=today + timedelta(days=60), applied_on=today),
        cmd.ApplyEnforcement(reminder_served_on=back, court="法院"),
        cmd.SuspendCase(ground=SuspensionGround.FORCE_MAJEURE, reason="洪水"),
        cmd.ResumeCase(reason="恢复"),
        cmd.TerminateCase(reason="注销"),
        cmd.TransferCase(target=TransferTarget.POLICE, recipient="公安", reason="涉嫌犯罪"),
        cmd.TransferCase(target=TransferTarget.OTHER_AGENCY, recipient="农业农村局", reason="不属本部门"),
        cmd.ExtendDeadline(clock=Clock.DECISION, days=30, reason="复杂"),
        cmd.ExtendDeadline(clock=Clock.DECISION, days=60, reason="复杂", collective=True),
        cmd.PauseClock(kind=PauseKind.TESTING, started_on=today, reason="送检"),
        cmd.ResumeClock(kind=PauseKind.TESTING, ended_on=today),
        cmd.CloseCase(ground=CloseGround.EXECUTED),
        cmd.CloseCase(ground=CloseGround.OTHER_DECISION),
        cmd.CloseCase(ground=CloseGround.TERMINATED),
        cmd.ArchiveCase(volume="卷1"),
        cmd.FileSummaryRecords(filed_on=today),
        cmd.AssignHandlers(handlers=(OFFICERS[0], Officer(13, "用户13", "42010200013")), reason="回避"),
        cmd.ExtendClueCheck(reason="情况复杂"),
        cmd.PreserveEvidence(items="过期食品12件", preserved_on=today),
        cmd.HandlePreservation(measure="送检", handled_on=today),
        cmd.RecordCorrection(corrects_seq=1, field="x", old="a", new="b", reason="笔误"),
    ]


def check_event(case_before: Case, case_after: Case, event: ev.Event, who: Actor) -> None:
    """Invariants on one recorded event."""
    assert event.by == who.user_id
    assert who.covers(case_after.agency_path), "acted outside scope"
    assert not who.has(Role.INSPECTOR) or len(who.roles) > 1
    if event.type in HEAD_SIGNED:
        assert event.signed and who.has(Role.HEAD)
    if isinstance(event, ev.ReviewSigned):
        assert who.has(Role.REVIEWER) and who.user_id not in case_before.handler_ids
        assert event.kind is not ReviewKind.LEGAL or who.legal_qualification
    if isinstance(event, ev.HearingHeld):
        assert case_before.presider is not None and who.user_id == case_before.presider.user_id
    if isinstance(event, ev.HearingPresiderAppointed):
        assert event.presider.user_id not in case_before.handler_ids
    if isinstance(event, ev.DecisionIssued) and event.outcome is Outcome.PENALTY:
        types = [t for _, t, _, _ in case_before.history]
        for needed in ("CaseFiled", "ReviewSigned", "PenaltyApproved", "NoticeIssued"):
            assert needed in types, f"penalty decision without {needed}"
        assert case_before.notice_served_on is not None
        assert case_before.notice is not None and event.penalty is not None
        assert not event.penalty.heavier_than(case_before.notice.penalty)
        if case_before.is_major:
            assert "CollectiveDiscussionRecorded" in types
            assert case_before.signed_after(ReviewKind.LEGAL, None)
        if case_before.hearing_requested_on is not None:
            assert case_before.hearing is not None
    if isinstance(event, ev.CaseFiled):
        assert len({o.user_id for o in event.handlers}) >= 2


FORWARD = [  # the usual order of a case: "advance" moves pick the latest accepted step
    (cmd.RegisterClue, cmd.IssueSummaryPenalty),
    (cmd.FileCase,),
    (cmd.AddEvidence,),
    (cmd.SubmitReport,),
    (cmd.SignReview,),
    (cmd.ApprovePenalty,),
    (cmd.IssueNotice,),
    (cmd.ServeDocument,),
    (cmd.RecordStatement,),
    (cmd.RequestHearing,),
    (cmd.AppointPresider,),
    (cmd.HoldHearing,),
    (cmd.RecordCollectiveDiscussion,),
    (cmd.IssueDecision,),
    (cmd.PublishDecision,),
    (cmd.RecordPayment, cmd.ApplyEnforcement, cmd.FileSummaryRecords),
    (cmd.CloseCase,),
    (cmd.ArchiveCase,),
]
RANK = {kind: rank for rank, kinds in enumerate(FORWARD, 1) for kind in kinds}


def rank(case: Case, command: cmd.Command) -> int:
    """How far a command moves the case on; a discussion only counts where a decision needs one."""
    if isinstance(command, cmd.RecordCollectiveDiscussion) and not (
        case.is_major and case.stage in (Stage.STATEMENT, Stage.DELIBERATION)
    ):
        return 0
    if isinstance(command, cmd.IssueDecision) and command.outcome is not Outcome.PENALTY:
        return 1
    return RANK.get(type(command), 0)


def _accepted(case: Case, command: cmd.Command, who: Actor, today: date) -> bool:
    try:
        decide(case, command, who, today, calendar=CAL)
    except ZhifaError:
        return False
    return True


REACHED: set[str] = set()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_command_sequences_keep_every_invariant(data: st.DataObject) -> None:
    case = Case()
    events: list[ev.Event] = []
    today = date(2026, 1, 5)
    rnd = data.draw(st.randoms(use_true_random=False), label="random")
    for _ in range(data.draw(st.integers(20, 120), label="steps")):
        today += timedelta(days=rnd.randint(0, 4))  # stays within 2026–2027
        if case.stage is Stage.ARCHIVED:  # start another case
            _check_stream(case, events)
            case, events = Case(), []
        options = candidates(case, today)
        mode = rnd.random()
        if mode < 0.85:  # pick among the moves that succeed now; mostly the one that advances the case most
            moves = [(c, a) for c in options for a in ACTORS if _accepted(case, c, a, today)]
            if not moves:
                continue
            if mode < 0.7:
                top = max(rank(case, c) for c, _ in moves)
                moves = [(c, a) for c, a in moves if rank(case, c) == top]
            command, who = rnd.choice(moves)
        else:
            command, who = rnd.choice(options), rnd.choice(ACTORS)
        before = copy.deepcopy(case)
        try:
            produced = decide(case, command, who, today, calendar=CAL)
        except ZhifaError as refusal:
            assert refusal.message and refusal.code
            assert case == before, "a refusal changed the case"
            continue
        assert produced
        for event in produced:
            state_before = copy.deepcopy(case)
            case.apply(event)
            check_event(state_before, case, event, who)
            assert case.stage in LEGAL_NEXT[state_before.stage] | {state_before.stage}, (
                f"illegal {state_before.stage} → {case.stage} by {event.type}"
            )
        events.extend(produced)
        REACHED.update(e.type for e in produced)
    _check_stream(case, events)


def _check_stream(case: Case, events: list[ev.Event]) -> None:
    """The state is a projection of its events, and every event survives the JSON codec."""
    assert Case.replay(events) == case
    restored = [ev.event_from_record(*json.loads(json.dumps(e.to_record()))) for e in events]
    assert restored == events


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_outsiders_and_inspectors_never_write(data: st.DataObject) -> None:
    case = Case()
    today = date(2026, 3, 2)
    for _ in range(data.draw(st.integers(1, 30))):
        options = candidates(case, today)
        command = options[data.draw(st.integers(0, len(options) - 1))]
        for who in (OUTSIDER, INSPECTOR):
            try:
                decide(case, command, who, today, calendar=CAL)
            except ZhifaError:
                continue
            raise AssertionError(f"{who.username} was allowed {type(command).__name__}")
        try:  # let an insider move the case on so later stages are probed too
            for event in decide(
                case, command, data.draw(st.sampled_from([H1, HEAD, REVIEWER])), today, calendar=CAL
            ):
                case.apply(event)
        except ZhifaError:
            pass
        today += timedelta(days=data.draw(st.integers(0, 8)))

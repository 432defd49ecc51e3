"""The oversight facts of one case, derived from its state and its events (pure: no database).

A decided case gives one `PenaltyFacts` (its fine and the fine's position in the statutory range that
the discretion engine computed for the case facts and that was recorded with the investigation report);
some events give an `EventFacts` row for the 纪检 view: 不予立案, 终止调查, 不予行政处罚 / 违法事实不能
成立, a departure from the assistant's suggestion, a change of the penalty (or a signature over a
consistency flag) at review, approval or decision — each with its stated reason — and corrections (更正).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhifa.domain import events as ev
from zhifa.domain.grounds import Outcome
from zhifa.domain.signoff import SignoffGuard, describe
from zhifa.domain.state import Case
from zhifa.domain.suggestion import Adherence
from zhifa.domain.values import Penalty, PenaltyKind

# event types that can change a case's oversight facts (anything else is skipped at projection time)
RELEVANT = (
    ev.CaseFiled, ev.FilingDeclined, ev.HandlersAssigned, ev.InvestigationReported, ev.ReviewSigned,
    ev.PenaltyApproved, ev.DecisionIssued, ev.CaseTerminated, ev.CorrectionRecorded, ev.SummaryPenaltyIssued,
)  # fmt: skip

KIND_LABELS = {
    "filing_declined": "不予立案",
    "terminated": "终止调查",
    "no_penalty": "不予行政处罚",
    "not_established": "违法事实不能成立",
    "departure": "偏离智能助手建议",
    "changed_at_review": "审核时变更拟处罚",
    "changed_at_approval": "审批时变更拟处罚",
    "changed_at_decision": "决定时变更处罚",
    "flag_signed": "在一致性预警上签署",
    "correction": "更正",
}
CLOSURE_KINDS = ("filing_declined", "terminated", "no_penalty", "not_established")
OVERRIDE_KINDS = (
    "departure",
    "changed_at_review",
    "changed_at_approval",
    "changed_at_decision",
    "flag_signed",
)


@dataclass(frozen=True)
class PenaltyFacts:
    """A decided case's penalty and its position in the statutory range."""

    decided_on: date
    procedure: str
    outcome: str
    violation_type: str
    violation_name: str
    tier: str
    officer_id: int | None
    party_code: str
    fine: Decimal
    statutory_low: Decimal | None
    statutory_high: Decimal | None
    suggested_fine: Decimal | None
    position: float | None
    adherence: str


@dataclass(frozen=True)
class EventFacts:
    """One listed event of a case."""

    seq: int
    kind: str
    actor_id: int
    happened_on: date
    ground: str = ""
    reason: str = ""
    before: str = ""
    after: str = ""
    fine_before: Decimal | None = None
    fine_after: Decimal | None = None

    @property
    def lowered(self) -> bool:
        """True when the fine signed is below the fine put to the signer."""
        return (
            self.fine_before is not None
            and self.fine_after is not None
            and self.fine_after < self.fine_before
        )


def position_in_range(fine: Decimal, low: Decimal | None, high: Decimal | None) -> float | None:
    """(fine − low) / (high − low): 0 at the minimum, 1 at the maximum, below 0 under the minimum (减轻);
    None without a range of positive width."""
    if low is None or high is None or high <= low:
        return None
    return round(float((fine - low) / (high - low)), 6)


def fine_of(penalty: Penalty | None) -> Decimal:
    """The fine of a penalty (0 when it has none, e.g. a warning)."""
    return penalty.fine if penalty is not None and PenaltyKind.FINE in penalty.kinds else Decimal("0.00")


def penalty_facts(case: Case) -> PenaltyFacts | None:
    """The facts of a decided case (None before a decision, or for a transfer)."""
    decision = case.decision
    if decision is None or decision.outcome in (Outcome.TRANSFER_AGENCY, Outcome.TRANSFER_JUDICIARY):
        return None
    report = case.report
    s = report.suggestion if report is not None else None
    fine = fine_of(decision.penalty) if decision.outcome is Outcome.PENALTY else Decimal("0.00")
    low, high = (s.statutory_low, s.statutory_high) if s is not None else (None, None)
    adherence = report.adherence if report is not None else None
    return PenaltyFacts(
        decided_on=decision.on,
        procedure="summary" if case.summary_procedure else "ordinary",
        outcome=decision.outcome.value,
        violation_type=s.violation_type if s is not None else "",
        violation_name=s.violation_name if s is not None else "",
        tier=s.tier if s is not None else "",
        officer_id=case.handlers[0].user_id if case.handlers else None,
        party_code=case.party.key if case.party is not None else "",
        fine=fine,
        statutory_low=low,
        statutory_high=high,
        suggested_fine=s.suggested_fine if s is not None else None,
        position=position_in_range(fine, low, high) if decision.outcome is Outcome.PENALTY else None,
        adherence=adherence.value if adherence is not None else "",
    )


def _guarded(
    seq: int, e: ev.Event, stage: str, signed: Penalty | None, guard: SignoffGuard | None
) -> Iterator[EventFacts]:
    if guard is None or not (guard.changed or guard.flags):
        return
    kind = f"changed_at_{stage}" if guard.changed else "flag_signed"
    flags = [f for f in guard.flags if f != "变更拟处罚"]
    yield EventFacts(
        seq, kind, e.by, e.on, ground="、".join(flags), reason=guard.reason,
        before=describe(guard.proposed)[:300], after=describe(signed)[:300],
        fine_before=fine_of(guard.proposed) if guard.proposed is not None else None,
        fine_after=fine_of(signed) if signed is not None else None,
    )  # fmt: skip


def event_facts(seq: int, e: ev.Event) -> Iterator[EventFacts]:
    """The rows one event gives (none for most events)."""
    if isinstance(e, ev.FilingDeclined):
        yield EventFacts(seq, "filing_declined", e.by, e.on, ground=e.ground.label, reason=e.reason)
    elif isinstance(e, ev.CaseTerminated):
        yield EventFacts(seq, "terminated", e.by, e.on, reason=e.reason)
    elif isinstance(e, ev.InvestigationReported):
        s = e.suggestion
        if s is not None and e.adherence is Adherence.DEPARTED:
            point = f"罚款{s.suggested_fine}元" if s.suggested_fine is not None else ""
            name = f"{s.violation_name or s.violation_type} {s.tier}".strip()
            yield EventFacts(
                seq, "departure", e.by, e.on, ground=name,
                reason=e.departure_reason, before=f"建议{s.tier}{point}",
                after=describe(e.proposal)[:300] if e.proposal is not None else e.proposed_outcome.label,
                fine_before=s.suggested_fine, fine_after=fine_of(e.proposal),
            )  # fmt: skip
    elif isinstance(e, ev.ReviewSigned):
        yield from _guarded(seq, e, "review", e.penalty or (e.guard.proposed if e.guard else None), e.guard)
    elif isinstance(e, ev.PenaltyApproved):
        yield from _guarded(seq, e, "approval", e.penalty, e.guard)
    elif isinstance(e, ev.DecisionIssued):
        if e.outcome in (Outcome.NO_PENALTY, Outcome.NOT_ESTABLISHED):
            ground = e.no_penalty_ground.label if e.no_penalty_ground is not None else e.outcome.label
            yield EventFacts(seq, e.outcome.value, e.by, e.on, ground=ground[:200], reason=e.reasons)
        yield from _guarded(seq, e, "decision", e.penalty, e.guard)
    elif isinstance(e, ev.CorrectionRecorded):
        yield EventFacts(
            seq, "correction", e.by, e.on, ground=e.field[:200], reason=e.reason,
            before=e.old[:300], after=e.new[:300],
        )  # fmt: skip


def events_facts(first_seq: int, events: Iterable[ev.Event]) -> list[EventFacts]:
    """The rows of consecutive events, the first of which has seq `first_seq`."""
    return [f for i, e in enumerate(events) for f in event_facts(first_seq + i, e)]

"""Commands: what a user asks the case to do. `decide` turns a valid command into events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhifa.domain.archive_no import Retention
from zhifa.domain.grounds import (
    ClueSource,
    DeclineGround,
    MajorGround,
    NoPenaltyGround,
    Outcome,
    ReviewKind,
    ReviewOpinion,
)
from zhifa.domain.onsite import Collection
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
from zhifa.domain.parties import Party
from zhifa.domain.signoff import MitigationGround
from zhifa.domain.suggestion import Suggestion
from zhifa.domain.values import EvidenceItem, Officer, Penalty


@dataclass(frozen=True, kw_only=True)
class Command:
    """Base of all commands."""


@dataclass(frozen=True, kw_only=True)
class RegisterClue(Command):
    agency_path: str
    agency_code: str
    source: ClueSource
    discovered_on: date
    summary: str
    party: Party | None = None


@dataclass(frozen=True, kw_only=True)
class ExtendClueCheck(Command):
    reason: str
    days: int = 15


@dataclass(frozen=True, kw_only=True)
class PauseClock(Command):
    kind: PauseKind
    started_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class ResumeClock(Command):
    kind: PauseKind
    ended_on: date


@dataclass(frozen=True, kw_only=True)
class FileCase(Command):
    party: Party
    act_date: date
    violation: str
    handlers: tuple[Officer, ...]
    major_grounds: frozenset[MajorGround] = frozenset()
    serious_harm: bool = False
    docno: str = ""


@dataclass(frozen=True, kw_only=True)
class DeclineFiling(Command):
    ground: DeclineGround
    reason: str


@dataclass(frozen=True, kw_only=True)
class AssignHandlers(Command):
    handlers: tuple[Officer, ...]
    reason: str


@dataclass(frozen=True, kw_only=True)
class AddEvidence(Command):
    item: EvidenceItem
    collected_on: date
    co_handler_id: int


@dataclass(frozen=True, kw_only=True)
class PreserveEvidence(Command):
    items: str
    preserved_on: date
    docno: str = ""  # allocated by the service (先行登记保存证据通知书)


@dataclass(frozen=True, kw_only=True)
class HandlePreservation(Command):
    measure: str
    handled_on: date


@dataclass(frozen=True, kw_only=True)
class SubmitReport(Command):
    facts: str
    proposed_outcome: Outcome
    proposal: Penalty | None
    discretion_reasons: str
    legal_basis: tuple[str, ...]
    major_grounds: frozenset[MajorGround] = frozenset()
    suggestion: Suggestion | None = None  # the assistant's suggestion the proposal was made with
    departure_reason: str = ""  # why the proposal departs from it (required when it does)


@dataclass(frozen=True, kw_only=True)
class SignReview(Command):
    kind: ReviewKind
    opinion: ReviewOpinion
    comments: str
    penalty: Penalty | None = None
    override_reason: str = ""
    mitigation: MitigationGround | None = None
    flags: tuple[str, ...] = ()  # set by the service from the consistency check, never by the client
    flag_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ApprovePenalty(Command):
    penalty: Penalty
    override_reason: str = ""
    mitigation: MitigationGround | None = None
    flags: tuple[str, ...] = ()
    flag_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class IssueNotice(Command):
    docno: str = ""


@dataclass(frozen=True, kw_only=True)
class ServeDocument(Command):
    document: DocKind
    method: ServiceMethod
    served_on: date  # the receipt date; for public notice the day of publication
    address_confirmation: str = ""
    proof: str = ""
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordStatement(Command):
    kind: StatementKind
    summary: str
    stated_on: date


@dataclass(frozen=True, kw_only=True)
class RequestHearing(Command):
    requested_on: date


@dataclass(frozen=True, kw_only=True)
class AppointPresider(Command):
    presider: Officer


@dataclass(frozen=True, kw_only=True)
class HoldHearing(Command):
    outcome: HearingOutcome
    held_on: date
    notice_served_on: date | None
    report: str


@dataclass(frozen=True, kw_only=True)
class RecordCollectiveDiscussion(Command):
    participants: tuple[str, ...]
    conclusion: str
    discussed_on: date


@dataclass(frozen=True, kw_only=True)
class IssueDecision(Command):
    outcome: Outcome
    reasons: str
    penalty: Penalty | None = None
    no_penalty_ground: NoPenaltyGround | None = None
    transfer_to: str = ""
    docno: str = ""
    override_reason: str = ""
    mitigation: MitigationGround | None = None
    flags: tuple[str, ...] = ()
    flag_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PublishDecision(Command):
    published_on: date


@dataclass(frozen=True, kw_only=True)
class RecordPayment(Command):
    amount: Decimal
    paid_on: date
    late_fee: bool = False
    receipt: str = ""


@dataclass(frozen=True, kw_only=True)
class ApproveInstalments(Command):
    schedule: tuple[tuple[date, Decimal], ...]
    applied_on: date


@dataclass(frozen=True, kw_only=True)
class ApproveDeferral(Command):
    new_due: date
    applied_on: date


@dataclass(frozen=True, kw_only=True)
class ApplyEnforcement(Command):
    reminder_served_on: date
    court: str


@dataclass(frozen=True, kw_only=True)
class SuspendCase(Command):
    ground: SuspensionGround
    reason: str


@dataclass(frozen=True, kw_only=True)
class ResumeCase(Command):
    reason: str


@dataclass(frozen=True, kw_only=True)
class TerminateCase(Command):
    reason: str


@dataclass(frozen=True, kw_only=True)
class TransferCase(Command):
    target: TransferTarget
    recipient: str
    reason: str
    team: tuple[Officer, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ExtendDeadline(Command):
    clock: Clock
    days: int
    reason: str
    collective: bool = False


@dataclass(frozen=True, kw_only=True)
class CloseCase(Command):
    ground: CloseGround
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ArchiveCase(Command):
    volume: str = ""  # the physical box or volume mark, if any
    retention: Retention | None = None  # 保管期限; None: the house default (archive_no.default_retention)
    archive_no: str = ""  # allocated by the service with the event (never by clients)


@dataclass(frozen=True, kw_only=True)
class IssueSummaryPenalty(Command):
    agency_path: str
    agency_code: str
    party: Party
    act_date: date
    violation: str
    basis: str
    penalty: Penalty
    officers: tuple[Officer, ...]
    place: str
    docno: str = ""
    facts: str = ""
    credentials_shown: bool = False
    statement: str = ""
    party_signature_sm3: str = ""
    party_refused_to_sign: bool = False
    refusal_note: str = ""
    collection: Collection = Collection.BANK
    party_requested_collection: bool = False
    receipt_no: str = ""


@dataclass(frozen=True, kw_only=True)
class FileSummaryRecords(Command):
    filed_on: date


@dataclass(frozen=True, kw_only=True)
class HandOverCash(Command):
    handed_on: date


@dataclass(frozen=True, kw_only=True)
class RecordCorrection(Command):
    corrects_seq: int
    field: str
    old: str
    new: str
    reason: str = ""
    path: str = ""  # the corrected field by payload path (domain.corrections); "" for a note in words

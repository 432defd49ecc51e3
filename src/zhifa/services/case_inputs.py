"""Input models of the case actions (JSON bodies of the API and `zhifa cases do --data`).

Each model names the fields of one domain command; officers are given by user id and resolved from the
user register (name and 执法证号 are never taken from the client); 文号 are never supplied by clients —
the service allocates them. Amounts are decimals in yuan.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

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
from zhifa.domain.parties import IdKind, PartyKind
from zhifa.domain.signoff import MitigationGround
from zhifa.domain.values import EvidenceKind, PenaltyKind

Text = Field(max_length=4000)
# A row id (user, ledger sequence): the range of an INTEGER column, so a huge number is a 422, not a 500.
RowId = Annotated[int, Field(ge=0, le=2**31 - 1)]
# A number of days: wide enough for the domain to refuse with its own reason, narrow enough for dates.
Days = Annotated[int, Field(ge=-36500, le=36500)]


class Input(BaseModel):
    """Base: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class PartyIn(Input):
    """当事人: organisations and 个体工商户 need a 统一社会信用代码, persons an identity number."""

    kind: PartyKind
    name: str = Field(min_length=1, max_length=200)
    uscc: str | None = Field(default=None, max_length=32)
    id_number: str | None = Field(default=None, max_length=32)
    id_kind: IdKind | None = None
    address: str = Field(default="", max_length=300)


class PenaltyIn(Input):
    """A penalty: kinds and amounts in yuan (罚款、没收违法所得、没收非法财物价值)."""

    kinds: list[PenaltyKind] = Field(min_length=1, max_length=7)
    fine: Decimal = Decimal("0")
    confiscated_income: Decimal = Decimal("0")
    confiscated_property_value: Decimal = Decimal("0")
    other_hearing_ground: bool = False


class EvidenceIn(Input):
    """One piece of evidence; `file_sm3` lists attached files uploaded before (SM3 hex)."""

    kind: EvidenceKind
    title: str = Field(min_length=1, max_length=200)
    file_sm3: list[str] = Field(default_factory=list, max_length=50)
    source: str = Field(default="", max_length=500)


class RegisterClueIn(Input):
    """登记案件线索 (案件来源登记表, 程序规定第十八条)."""

    source: ClueSource
    discovered_on: date
    summary: str = Field(min_length=1, max_length=4000)
    party: PartyIn | None = None
    agency_code: str | None = Field(default=None, max_length=32, description="默认为本人所在机构")


class SummaryPenaltyIn(Input):
    """当场行政处罚 (简易程序, 行政处罚法第五十一条、第五十二条)."""

    party: PartyIn
    act_date: date
    violation: str = Field(min_length=1, max_length=200)
    basis: str = Field(min_length=1, max_length=1000)
    penalty: PenaltyIn
    officer_ids: list[RowId] = Field(min_length=1, max_length=10)
    place: str = Field(min_length=1, max_length=200)
    agency_code: str | None = Field(default=None, max_length=32)
    # 当场查明的违法事实（程序规定第六十七条）; 已出示执法证件（行政处罚法第五十二条）
    facts: str = Field(default="", max_length=4000)
    credentials_shown: bool = False
    # 当事人的陈述申辩或放弃陈述申辩的表示（行政处罚法第四十四条、第四十五条；程序规定第六十九条）
    statement: str = Field(default="", max_length=4000)
    # 当事人手写签名：PNG（base64 或 data:image/png;base64,…）；拒绝签收时注明（行政处罚法第五十二条）
    party_signature_png: str | None = Field(default=None, max_length=700_000)
    party_refused_to_sign: bool = False
    refusal_note: str = Field(default="", max_length=500)
    # 缴款方式与当场收缴的专用票据号码（行政处罚法第六十七条至第七十条）
    collection: Collection = Collection.BANK
    party_requested_collection: bool = False
    receipt_no: str = Field(default="", max_length=64)


class ExtendClueCheckIn(Input):
    reason: str = Text
    days: Days = 15


class PauseClockIn(Input):
    kind: PauseKind
    started_on: date
    reason: str = Text


class ResumeClockIn(Input):
    kind: PauseKind
    ended_on: date


class FileCaseIn(Input):
    party: PartyIn
    act_date: date
    violation: str = Field(min_length=1, max_length=200)
    handler_ids: list[RowId] = Field(min_length=1, max_length=10)
    major_grounds: list[MajorGround] = Field(default_factory=list)
    serious_harm: bool = False


class DeclineFilingIn(Input):
    ground: DeclineGround
    reason: str = Text


class AssignHandlersIn(Input):
    handler_ids: list[RowId] = Field(min_length=1, max_length=10)
    reason: str = Text


class AddEvidenceIn(Input):
    item: EvidenceIn
    collected_on: date
    co_handler_id: RowId


class PreserveEvidenceIn(Input):
    items: str = Text
    preserved_on: date


class HandlePreservationIn(Input):
    measure: str = Text
    handled_on: date


class SuggestionIn(Input):  # the assistant's suggestion the proposal follows (pages compute it afresh)
    violation_type: str = Field(min_length=1, max_length=80)
    violation_name: str = Field(default="", max_length=200)
    type_score: str = Field(default="", max_length=16)
    tier: str = Field(default="", max_length=16)
    suggested_fine: Decimal | None = None
    range_low: Decimal | None = None
    range_high: Decimal | None = None
    statutory_low: Decimal | None = None
    statutory_high: Decimal | None = None
    rule: str = Field(default="", max_length=300)
    profile: str = Field(default="", max_length=40)


class SubmitReportIn(Input):
    facts: str = Field(max_length=20000)
    proposed_outcome: Outcome
    proposal: PenaltyIn | None = None
    discretion_reasons: str = Text
    legal_basis: list[str] = Field(default_factory=list, max_length=20)
    major_grounds: list[MajorGround] = Field(default_factory=list)
    suggestion: SuggestionIn | None = None
    departure_reason: str = Field(default="", max_length=4000)


class SignReviewIn(Input):
    kind: ReviewKind
    opinion: ReviewOpinion
    comments: str = Field(default="", max_length=4000)
    penalty: PenaltyIn | None = None  # the reviewer's penalty when not the proposal as made
    override_reason: str = Field(default="", max_length=4000)
    mitigation: MitigationGround | None = None


class ApprovePenaltyIn(Input):
    penalty: PenaltyIn
    override_reason: str = Field(default="", max_length=4000)
    mitigation: MitigationGround | None = None


class IssueNoticeIn(Input):
    """No fields: the 告知书 carries the approved penalty; its 文号 is allocated."""


class ServeDocumentIn(Input):
    document: DocKind
    method: ServiceMethod
    served_on: date
    address_confirmation: str = Field(default="", max_length=500)
    proof: str = Field(default="", max_length=1000)
    reason: str = Field(default="", max_length=1000)


class RecordStatementIn(Input):
    kind: StatementKind
    summary: str = Field(default="", max_length=10000)
    stated_on: date


class RequestHearingIn(Input):
    requested_on: date


class AppointPresiderIn(Input):
    presider_id: RowId


class HoldHearingIn(Input):
    outcome: HearingOutcome
    held_on: date
    notice_served_on: date | None = None
    report: str = Field(max_length=10000)


class DiscussionIn(Input):
    participants: list[str] = Field(min_length=1, max_length=20)
    conclusion: str = Text
    discussed_on: date


class IssueDecisionIn(Input):
    outcome: Outcome
    reasons: str = Text
    penalty: PenaltyIn | None = None
    no_penalty_ground: NoPenaltyGround | None = None
    transfer_to: str = Field(default="", max_length=200)
    override_reason: str = Field(default="", max_length=4000)
    mitigation: MitigationGround | None = None


class PublishDecisionIn(Input):
    published_on: date


class RecordPaymentIn(Input):
    amount: Decimal
    paid_on: date
    late_fee: bool = False
    receipt: str = Field(default="", max_length=100)


class InstalmentIn(Input):
    due: date
    amount: Decimal


class ApproveInstalmentsIn(Input):
    schedule: list[InstalmentIn] = Field(min_length=1, max_length=36)
    applied_on: date


class ApproveDeferralIn(Input):
    new_due: date
    applied_on: date


class ApplyEnforcementIn(Input):
    reminder_served_on: date
    court: str = Field(max_length=200)


class SuspendCaseIn(Input):
    ground: SuspensionGround
    reason: str = Text


class ReasonIn(Input):
    reason: str = Text


class TransferCaseIn(Input):
    target: TransferTarget
    recipient: str = Field(max_length=200)
    reason: str = Text
    team_ids: list[RowId] = Field(default_factory=list, max_length=10)


class ExtendDeadlineIn(Input):
    clock: Clock
    days: Days
    reason: str = Text
    collective: bool = False


class CloseCaseIn(Input):
    ground: CloseGround
    note: str = Field(default="", max_length=2000)


class ArchiveCaseIn(Input):
    """立卷归档: the 归档号 is allocated by the system (domain.archive_no); the box mark is optional."""

    volume: str = Field(default="", max_length=100)
    retention: Retention | None = None


class FileSummaryRecordsIn(Input):
    filed_on: date


class HandOverCashIn(Input):
    handed_on: date


class CorrectionIn(Input):
    """更正: `field` names the item in words; `path` (party.name, facts …) names a text field of the record,
    which then reads `new` wherever the case is read (its `old` is taken from the record)."""

    corrects_seq: RowId
    field: str = Field(max_length=100)
    old: str = Field(default="", max_length=4000)
    new: str = Field(max_length=4000)
    reason: str = Text
    path: str = Field(default="", max_length=100, pattern=r"^[a-z_.]*$")

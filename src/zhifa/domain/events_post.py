"""Events from the party's statement to the archive, plus cross-cutting ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhifa.domain.grounds import NoPenaltyGround, Outcome
from zhifa.domain.onsite import Collection
from zhifa.domain.options import (
    Clock,
    CloseGround,
    DocKind,
    HearingOutcome,
    ServiceMethod,
    StatementKind,
    SuspensionGround,
    TransferTarget,
)
from zhifa.domain.parties import Party
from zhifa.domain.serde import Event
from zhifa.domain.signoff import SignoffGuard
from zhifa.domain.values import Officer, Penalty


@dataclass(frozen=True, kw_only=True)
class StatementRecorded(Event):
    """The party stated its case, or waived its rights (程序规定 第五十八条; 行政处罚法 第六十二条)."""

    label = "记录陈述申辩"
    kind: StatementKind
    summary: str
    stated_on: date


@dataclass(frozen=True, kw_only=True)
class HearingRequested(Event):
    """The party asked for a hearing (听证办法 第七条)."""

    label = "当事人要求听证"
    requested_on: date


@dataclass(frozen=True, kw_only=True)
class HearingPresiderAppointed(Event):
    """The head appointed the presiding officer, not a handler (听证办法 第十一条、第十八条)."""

    label = "指定听证主持人"
    signed = True
    presider: Officer


@dataclass(frozen=True, kw_only=True)
class HearingHeld(Event):
    """The hearing ended; the presider signed the report (听证办法 第二十七条至第三十条)."""

    label = "听证结束并提交听证报告"
    signed = True
    outcome: HearingOutcome
    held_on: date
    notice_served_on: date | None
    report: str


@dataclass(frozen=True, kw_only=True)
class CollectiveDiscussionRecorded(Event):
    """行政处罚案件集体讨论记录 (程序规定 第六十条第二款、第六十四条; 行政处罚法 第五十七条第二款)."""

    label = "负责人集体讨论"
    signed = True
    participants: tuple[str, ...]
    conclusion: str
    discussed_on: date


@dataclass(frozen=True, kw_only=True)
class DecisionIssued(Event):
    """The head decided (程序规定 第六十条)."""

    label = "作出处理决定"
    signed = True
    outcome: Outcome
    penalty: Penalty | None
    no_penalty_ground: NoPenaltyGround | None
    reasons: str
    transfer_to: str = ""
    docno: str = ""
    guard: SignoffGuard | None = None  # consistency flags shown and the head's reason (M10)


@dataclass(frozen=True, kw_only=True)
class DocumentServed(Event):
    """A document was served; `served_on` is the legal date of service (程序规定 第八十一条至第八十三条)."""

    label = "送达文书"
    document: DocKind
    method: ServiceMethod
    served_on: date
    published_on: date | None = None
    address_confirmation: str = ""
    proof: str = ""
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class DecisionPublished(Event):
    """The decision was published on the credit publicity system (行政处罚信息公示规定 第九条)."""

    label = "公示行政处罚信息"
    published_on: date


@dataclass(frozen=True, kw_only=True)
class PaymentRecorded(Event):
    """Money received through the designated bank or on the spot (程序规定 第七十二条)."""

    label = "登记缴款"
    amount: Decimal
    paid_on: date
    late_fee: bool = False
    receipt: str = ""


@dataclass(frozen=True, kw_only=True)
class InstalmentApproved(Event):
    """Payment in instalments approved on a written application (程序规定 第七十四条)."""

    label = "批准分期缴纳罚款"
    signed = True
    schedule: tuple[tuple[date, Decimal], ...]
    applied_on: date


@dataclass(frozen=True, kw_only=True)
class DeferralApproved(Event):
    """Deferred payment approved on a written application (程序规定 第七十四条)."""

    label = "批准延期缴纳罚款"
    signed = True
    new_due: date
    applied_on: date


@dataclass(frozen=True, kw_only=True)
class EnforcementApplied(Event):
    """Application to the court for enforcement (程序规定 第七十六条)."""

    label = "申请人民法院强制执行"
    signed = True
    reminder_served_on: date
    court: str


@dataclass(frozen=True, kw_only=True)
class CaseSuspended(Event):
    """中止调查 approved (程序规定 第四十六条)."""

    label = "批准中止调查"
    signed = True
    ground: SuspensionGround
    reason: str


@dataclass(frozen=True, kw_only=True)
class CaseResumed(Event):
    """Investigation resumed once the cause ended (程序规定 第四十六条第二款)."""

    label = "恢复调查"
    signed = True
    reason: str


@dataclass(frozen=True, kw_only=True)
class CaseTerminated(Event):
    """终止调查 approved (程序规定 第四十七条)."""

    label = "批准终止调查"
    signed = True
    reason: str


@dataclass(frozen=True, kw_only=True)
class CaseTransferred(Event):
    """Transfer to the competent regulator, another agency, or the police (程序规定 第十四条、第十七条)."""

    label = "批准移送"
    signed = True
    target: TransferTarget
    recipient: str
    reason: str
    team: tuple[Officer, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DeadlineExtended(Event):
    """A clock was extended (程序规定 第五十五条、第六十四条)."""

    label = "批准延长期限"
    signed = True
    clock: Clock
    days: int
    reason: str
    collective: bool = False


@dataclass(frozen=True, kw_only=True)
class CaseClosed(Event):
    """结案审批表 approved (程序规定 第七十七条)."""

    label = "批准结案"
    signed = True
    ground: CloseGround
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CaseArchived(Event):
    """The file was archived, one case one file (程序规定 第七十八条)."""

    label = "立卷归档"
    volume: str = ""
    archive_no: str = ""  # 归档号 (domain.archive_no), absent in records made before it existed
    retention: str = ""  # 保管期限 code: Y, D30, D10


@dataclass(frozen=True, kw_only=True)
class SummaryPenaltyIssued(Event):
    """当场行政处罚决定, summary procedure (行政处罚法 第五十一条、第五十二条; 程序规定 第六十六条)."""

    label = "当场作出行政处罚决定"
    signed = True
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
    # recorded from issue 21 on (older events lack them): 第四十四条、第五十二条、第六十八条至第七十条
    facts: str = ""
    credentials_shown: bool = False
    statement: str = ""
    party_signature_sm3: str = ""  # SM3 of the PNG the party signed on the phone (an evidence file)
    refusal_note: str = ""  # 当事人拒绝签收的注明
    collection: Collection = Collection.BANK
    receipt_no: str = ""


@dataclass(frozen=True, kw_only=True)
class SummaryRecordsFiled(Event):
    """Summary-procedure materials handed in within 7 working days (程序规定 第七十条)."""

    label = "简易程序材料交部门归档"
    filed_on: date


@dataclass(frozen=True, kw_only=True)
class CashHandedOver(Event):
    """Fines collected on the spot handed to the agency (行政处罚法 第七十一条; 程序规定 第七十三条)."""

    label = "当场收缴的罚款交至部门"
    handed_on: date


@dataclass(frozen=True, kw_only=True)
class CorrectionRecorded(Event):
    """A clerical correction of an earlier record; nothing is rewritten (DESIGN §2). `field` names the
    corrected item in words, `path` by payload path (`party.name`); what it changes: domain.corrections."""

    label = "更正记录"
    signed = True
    corrects_seq: int
    field: str
    old: str
    new: str
    reason: str
    path: str = ""  # recorded since 2026-12-05; before, `field` held the path when there was one

"""Events from the clue to the notice (程序规定 第十八条至第五十七条)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.domain.grounds import ClueSource, DeclineGround, MajorGround, Outcome, ReviewKind, ReviewOpinion
from zhifa.domain.options import PauseKind
from zhifa.domain.parties import Party
from zhifa.domain.serde import Event
from zhifa.domain.signoff import SignoffGuard
from zhifa.domain.suggestion import Adherence, Suggestion, adherence
from zhifa.domain.values import EvidenceItem, Officer, Penalty


@dataclass(frozen=True, kw_only=True)
class ClueRegistered(Event):
    """A clue was registered (案件来源登记表)."""

    label = "登记案件线索"
    agency_path: str
    agency_code: str
    source: ClueSource
    discovered_on: date
    summary: str
    party: Party | None = None


@dataclass(frozen=True, kw_only=True)
class ClueCheckExtended(Event):
    """The clue check was extended by 15 working days (程序规定 第十八条)."""

    label = "批准延长核查期限"
    signed = True
    days: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class ClockPaused(Event):
    """Testing or identification began; its time is not counted (第十八条、第六十四条)."""

    label = "开始检测、检验、检疫、鉴定"
    kind: PauseKind
    started_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class ClockResumed(Event):
    """The testing period ended."""

    label = "检测、检验、检疫、鉴定结束"
    kind: PauseKind
    ended_on: date


@dataclass(frozen=True, kw_only=True)
class CaseFiled(Event):
    """The head decided to file the case and designated the handlers (程序规定 第十九条; 立案审批表)."""

    label = "批准立案"
    signed = True
    party: Party
    act_date: date
    violation: str
    handlers: tuple[Officer, ...]
    major_grounds: frozenset[MajorGround] = frozenset()
    serious_harm: bool = False  # 行政处罚法 第三十六条: life, health or financial safety with harm
    docno: str = ""


@dataclass(frozen=True, kw_only=True)
class FilingDeclined(Event):
    """The head decided not to file (程序规定 第二十条; 不予立案审批表)."""

    label = "批准不予立案"
    signed = True
    ground: DeclineGround
    reason: str


@dataclass(frozen=True, kw_only=True)
class HandlersAssigned(Event):
    """The head changed the handlers (e.g. after a recusal, 程序规定 第四条)."""

    label = "变更办案人员"
    signed = True
    handlers: tuple[Officer, ...]
    reason: str


@dataclass(frozen=True, kw_only=True)
class EvidenceAdded(Event):
    """A piece of evidence was taken by at least two handlers (程序规定 第二十二条至第二十六条)."""

    label = "收集证据"
    item: EvidenceItem
    collected_on: date
    collectors: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class EvidencePreserved(Event):
    """先行登记保存 approved by the head (第三十三条); handled within 7 working days (第三十五条)."""

    label = "批准先行登记保存证据"
    signed = True
    items: str
    preserved_on: date
    docno: str = ""  # 先行登记保存证据通知书


@dataclass(frozen=True, kw_only=True)
class PreservationHandled(Event):
    """The measure taken on preserved evidence (程序规定 第三十五条第一款)."""

    label = "处理先行登记保存证据"
    signed = True
    measure: str
    handled_on: date


@dataclass(frozen=True, kw_only=True)
class InvestigationReported(Event):
    """The investigation report (程序规定 第四十八条), including the reasons for the discretion chosen."""

    label = "提交调查终结报告"
    signed = True
    facts: str
    proposed_outcome: Outcome
    proposal: Penalty | None
    discretion_reasons: str
    legal_basis: tuple[str, ...]
    major_grounds: frozenset[MajorGround] = frozenset()
    suggestion: Suggestion | None = None  # absent in records made before the assistant existed
    departure_reason: str = ""

    @property
    def adherence(self) -> Adherence | None:
        """How the proposal relates to the recorded suggestion (None without one)."""
        if self.suggestion is None:
            return None
        return adherence(self.suggestion, self.proposed_outcome, self.proposal)


@dataclass(frozen=True, kw_only=True)
class ReviewSigned(Event):
    """法制审核 or 案件审核 signed by the reviewer (程序规定 第四十九条至第五十五条)."""

    label = "签署审核意见"
    signed = True
    kind: ReviewKind
    opinion: ReviewOpinion
    comments: str
    penalty: Penalty | None = None  # the penalty the reviewer signs for, when not the proposal as made
    guard: SignoffGuard | None = None  # consistency flags shown and the reviewer's reason (M10)


@dataclass(frozen=True, kw_only=True)
class PenaltyApproved(Event):
    """The head approved the proposed penalty before the notice (程序规定 第五十六条)."""

    label = "批准拟处罚意见"
    signed = True
    penalty: Penalty
    hearing_right: bool
    guard: SignoffGuard | None = None  # consistency flags shown and the head's reason (M10)


@dataclass(frozen=True, kw_only=True)
class NoticeIssued(Event):
    """行政处罚告知书 issued (程序规定 第五十七条; 行政处罚法 第四十四条)."""

    label = "制发行政处罚告知书"
    penalty: Penalty
    hearing_right: bool
    docno: str = ""

"""Remedies and coercive measures: 行政复议 / 行政诉讼 against the decision, and 查封/扣押 with its own clock.

Events, commands and the small value types they share; the rules are in `flow_remedy`, the periods in
`enforcement`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from zhifa.domain.commands import Command
from zhifa.domain.grounds import _LABELS, LabelledEnum
from zhifa.domain.serde import Event

if TYPE_CHECKING:
    from zhifa.domain.state import Case


class AppealKind(LabelledEnum):
    """行政复议 (行政复议法 第二十条: 60 days) or 行政诉讼 (行政诉讼法 第四十六条: 6 months)."""

    RECONSIDERATION = "reconsideration"
    LITIGATION = "litigation"


_LABELS["AppealKind"] = {"reconsideration": "行政复议", "litigation": "行政诉讼"}


class AppealResult(LabelledEnum):
    """How a 复议 or 诉讼 ended."""

    UPHELD = "upheld"  # 维持 / 驳回诉讼请求
    CHANGED = "changed"  # 变更
    REVOKED = "revoked"  # 撤销 / 确认违法 / 确认无效
    WITHDRAWN = "withdrawn"  # 撤回申请 / 撤诉


_LABELS["AppealResult"] = {
    "upheld": "维持（驳回诉讼请求）",
    "changed": "变更",
    "revoked": "撤销、确认违法或者确认无效",
    "withdrawn": "撤回申请（撤诉）",
}


@dataclass
class Appeal:
    """One 复议 or 诉讼 as the case state keeps it."""

    kind: AppealKind
    filed_on: date
    body: str
    concluded_on: date | None = None
    result: AppealResult | None = None


@dataclass
class Seizure:
    """One 查封/扣押 as the case state keeps it."""

    seized_on: date
    items: str
    extended_days: int = 0
    lifted_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class AppealFiled(Event):
    """The party applied for 行政复议 or sued (行政处罚法 第七条、第七十三条)."""

    label = "登记当事人申请行政复议或者提起行政诉讼"
    kind: AppealKind
    filed_on: date
    body: str  # 复议机关 / 人民法院
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class AppealConcluded(Event):
    """The 复议决定 or the judgment (ruling) that ended the 复议 or 诉讼."""

    label = "登记行政复议或者行政诉讼结果"
    kind: AppealKind
    concluded_on: date
    result: AppealResult
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SeizureImposed(Event):
    """查封、扣押 approved by the head (行政强制法 第十八条、第二十四条; 程序规定 第三十六条)."""

    label = "批准实施查封、扣押"
    signed = True
    seized_on: date
    items: str
    docno: str = ""  # 实施行政强制措施决定书


@dataclass(frozen=True, kw_only=True)
class SeizureExtended(Event):
    """The 30-day term extended once, by at most 30 days (行政强制法 第二十五条; 程序规定 第三十八条)."""

    label = "批准延长查封、扣押期限"
    signed = True
    days: int
    reason: str
    docno: str = ""  # 延长行政强制措施期限决定书


@dataclass(frozen=True, kw_only=True)
class SeizureLifted(Event):
    """查封、扣押 lifted (行政强制法 第二十八条)."""

    label = "解除查封、扣押"
    signed = True
    lifted_on: date
    reason: str
    docno: str = ""  # 解除行政强制措施决定书


@dataclass(frozen=True, kw_only=True)
class RecordAppeal(Command):
    kind: AppealKind
    filed_on: date
    body: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordAppealOutcome(Command):
    kind: AppealKind
    concluded_on: date
    result: AppealResult
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ImposeSeizure(Command):
    seized_on: date
    items: str
    docno: str = ""  # allocated by the service


@dataclass(frozen=True, kw_only=True)
class ExtendSeizure(Command):
    days: int
    reason: str
    docno: str = ""  # allocated by the service


@dataclass(frozen=True, kw_only=True)
class LiftSeizure(Command):
    lifted_on: date
    reason: str
    docno: str = ""  # allocated by the service


def _appeal_filed(c: Case, e: AppealFiled) -> None:
    c.appeals.append(Appeal(e.kind, e.filed_on, e.body))


def _appeal_concluded(c: Case, e: AppealConcluded) -> None:
    for appeal in c.appeals:
        if appeal.kind is e.kind and appeal.concluded_on is None:
            appeal.concluded_on, appeal.result = e.concluded_on, e.result


def _seized(c: Case, e: SeizureImposed) -> None:
    c.seizures.append(Seizure(e.seized_on, e.items))


def _seizure_extended(c: Case, e: SeizureExtended) -> None:
    c.seizures[-1].extended_days += e.days


def _seizure_lifted(c: Case, e: SeizureLifted) -> None:
    c.seizures[-1].lifted_on = e.lifted_on


APPLY: dict[type[Event], Callable[[Case, Any], None]] = {
    AppealFiled: _appeal_filed,
    AppealConcluded: _appeal_concluded,
    SeizureImposed: _seized,
    SeizureExtended: _seizure_extended,
    SeizureLifted: _seizure_lifted,
}

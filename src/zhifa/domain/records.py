"""Records and notices the procedure produces besides its decisions: 现场笔录, 询问笔录, 送达地址确认书,
责令改正通知书, 听证通知书, 听证笔录, 催告书 — each an event that carries what its document needs.

Events, commands and what the case state keeps of them; the rules are in `flow_records`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from zhifa.domain.commands import Command
from zhifa.domain.grounds import _LABELS, LabelledEnum
from zhifa.domain.serde import Event
from zhifa.domain.values import Officer

if TYPE_CHECKING:
    from zhifa.domain.state import Case


class IntervieweeRole(LabelledEnum):
    """Who is questioned (程序规定 第二十九条: 当事人及其他有关单位和个人)."""

    PARTY = "party"
    REPRESENTATIVE = "representative"
    AGENT = "agent"
    WITNESS = "witness"
    OTHER = "other"


_LABELS["IntervieweeRole"] = {
    "party": "当事人",
    "representative": "当事人的法定代表人（负责人）",
    "agent": "当事人的委托代理人",
    "witness": "证人",
    "other": "其他有关人员",
}


@dataclass(frozen=True, kw_only=True)
class SiteFields:
    """What a 现场笔录 holds (程序规定 第二十八条)."""

    place: str
    inspected_on: date
    start: str  # HH:MM, Beijing time
    end: str
    officers: tuple[Officer, ...]
    present: str  # 当事人或者其代理人、在场人员 and their capacity
    findings: str
    refused_signature: bool = False
    witness: str = ""
    location: str = ""  # the phone's position when the record was made (纬度、经度、精度), phone records only


@dataclass(frozen=True, kw_only=True)
class InquiryFields:
    """What a 询问笔录 holds (程序规定 第二十九条)."""

    interviewee: str
    role: IntervieweeRole
    place: str
    inquired_on: date
    start: str
    end: str
    officers: tuple[Officer, ...]
    record: str  # 问答
    id_number: str = ""
    refused_signature: bool = False
    gender: str = ""  # 男 / 女: as written, else read from an 18-character ID number
    work_unit: str = ""  # 工作单位及职务
    address: str = ""  # 住址
    phone: str = ""  # 联系电话


@dataclass(frozen=True, kw_only=True)
class AddressFields:
    """What a 送达地址确认书 holds (程序规定 第八十二条第三项、第八十三条)."""

    recipient: str
    address: str
    confirmed_on: date
    postcode: str = ""
    phone: str = ""
    electronic_address: str = ""  # 手机号码、传真、电子邮箱或者即时通讯账号
    electronic_consent: bool = False


@dataclass(frozen=True, kw_only=True)
class CorrectionFields:
    """What a 责令改正通知书 holds: correct now, or by `deadline` (行政处罚法 第二十八条第一款)."""

    act: str
    requirement: str
    legal_basis: tuple[str, ...]
    deadline: date | None = None
    docno: str = ""  # allocated by the service (责改)


@dataclass(frozen=True, kw_only=True)
class HearingNoticeFields:
    """What a 听证通知书 holds (听证办法 第二十条、第二十二条)."""

    hearing_on: date
    time: str
    place: str
    public: bool = True
    private_reason: str = ""  # 国家秘密、商业秘密或者个人隐私 (听证办法 第二十二条)
    docno: str = ""  # allocated by the service (听通)


@dataclass(frozen=True, kw_only=True)
class HearingRecordFields:
    """What a 听证笔录 holds (听证办法 第二十八条)."""

    held_on: date
    start: str
    end: str
    place: str
    clerk: str
    participants: tuple[str, ...]
    record: str
    refused_signature: bool = False


@dataclass(frozen=True, kw_only=True)
class SiteInspected(SiteFields, Event):
    """现场笔录 of an inspection with the party notified (程序规定 第二十二条、第二十八条、第四十三条)."""

    label = "制作现场笔录"
    signed = True


@dataclass(frozen=True, kw_only=True)
class InquiryRecorded(InquiryFields, Event):
    """询问笔录, checked by the person questioned (程序规定 第二十二条、第二十九条)."""

    label = "制作询问笔录"
    signed = True


@dataclass(frozen=True, kw_only=True)
class AddressConfirmed(AddressFields, Event):
    """送达地址确认书 signed by the recipient on paper (registered unsigned)."""

    label = "登记送达地址确认书"


@dataclass(frozen=True, kw_only=True)
class CorrectionOrdered(CorrectionFields, Event):
    """责令改正通知书 (行政处罚法 第二十八条第一款)."""

    label = "责令改正"
    signed = True


@dataclass(frozen=True, kw_only=True)
class HearingScheduled(HearingNoticeFields, Event):
    """听证通知书: time and place set by the presider, 7 working days ahead (听证办法 第二十条)."""

    label = "制发听证通知书"
    signed = True


@dataclass(frozen=True, kw_only=True)
class HearingRecorded(HearingRecordFields, Event):
    """听证笔录 made by the clerk and signed by the participants (听证办法 第二十八条)."""

    label = "制作听证笔录"
    signed = True


@dataclass(frozen=True, kw_only=True)
class PaymentReminded(Event):
    """催告书 before court enforcement (行政强制法 第三十五条、第五十四条; 程序规定 第七十六条)."""

    label = "制发履行催告书"
    signed = True
    principal: Decimal  # fine and confiscated income still unpaid
    late_fee: Decimal  # 加处罚款 accrued on the day of the reminder
    pay_by: date
    docno: str = ""


@dataclass(frozen=True, kw_only=True)
class InspectSite(SiteFields, Command):
    pass


@dataclass(frozen=True, kw_only=True)
class RecordInquiry(InquiryFields, Command):
    pass


@dataclass(frozen=True, kw_only=True)
class ConfirmAddress(AddressFields, Command):
    pass


@dataclass(frozen=True, kw_only=True)
class OrderCorrection(CorrectionFields, Command):
    pass


@dataclass(frozen=True, kw_only=True)
class ScheduleHearing(HearingNoticeFields, Command):
    pass


@dataclass(frozen=True, kw_only=True)
class RecordHearing(HearingRecordFields, Command):
    pass


@dataclass(frozen=True, kw_only=True)
class RemindPayment(Command):
    pay_within_days: int = 10
    docno: str = ""  # allocated by the service (催告)


def _scheduled(c: Case, e: HearingScheduled) -> None:
    c.hearing_scheduled = e


def _reminded(c: Case, e: PaymentReminded) -> None:
    c.reminded_on = e.on


APPLY: dict[type[Event], Callable[[Case, Any], None]] = {
    SiteInspected: lambda c, e: setattr(c, "evidence_count", c.evidence_count + 1),
    InquiryRecorded: lambda c, e: setattr(c, "evidence_count", c.evidence_count + 1),
    HearingScheduled: _scheduled,
    HearingRecorded: lambda c, e: setattr(c, "hearing_recorded_on", e.held_on),
    CorrectionOrdered: lambda c, e: setattr(c, "correction_ordered", e),
    PaymentReminded: _reminded,
}

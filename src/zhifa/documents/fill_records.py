"""Field builders of the records and notices of `domain.records`: 现场笔录, 询问笔录, 送达地址确认书,
责令改正通知书, 行政处罚听证通知书, 听证笔录, 行政处罚决定履行催告书 (each from its latest ledger event)."""

from __future__ import annotations

from typing import Any

from zhifa.documents.facts import CaseFacts, cn_date, money, officers_text
from zhifa.documents.fill import _signed, not_available
from zhifa.domain import events as ev
from zhifa.domain import records as rc


def site_record(f: CaseFacts) -> dict[str, Any]:
    """现场笔录 (程序规定 第二十二条、第二十八条、第四十三条)."""
    e = f.pick(rc.SiteInspected)
    if e is None:
        raise not_available("现场笔录", "没有现场检查记录")
    return _signed(
        f, e, place=e.place, day=cn_date(e.inspected_on), start=e.start, end=e.end,
        officers=officers_text(e.officers), present=e.present, findings=e.findings,
        refused=e.refused_signature, witness=e.witness, location=e.location,
    )  # fmt: skip


def inquiry_record(f: CaseFacts) -> dict[str, Any]:
    """询问笔录 (程序规定 第二十二条、第二十九条)."""
    e = f.pick(rc.InquiryRecorded)
    if e is None:
        raise not_available("询问笔录", "没有询问记录")
    return _signed(
        f, e, interviewee=e.interviewee, role=e.role.label, id_number=e.id_number, place=e.place,
        gender=e.gender, work_unit=e.work_unit, address=e.address, phone=e.phone,
        day=cn_date(e.inquired_on), start=e.start, end=e.end, officers=officers_text(e.officers),
        lines=[line for line in e.record.splitlines() if line.strip()], refused=e.refused_signature,
    )  # fmt: skip


def address_confirmation(f: CaseFacts) -> dict[str, Any]:
    """送达地址确认书 (程序规定 第八十二条第三项、第八十三条)."""
    e = f.pick(rc.AddressConfirmed)
    if e is None:
        raise not_available("送达地址确认书", "受送达人尚未确认送达地址")
    return _signed(
        f, e, recipient=e.recipient, address=e.address, postcode=e.postcode, phone=e.phone,
        electronic_address=e.electronic_address or "无", consent="同意" if e.electronic_consent else "不同意",
        confirmed_on=cn_date(e.confirmed_on),
    )  # fmt: skip


def correction_order(f: CaseFacts) -> dict[str, Any]:
    """责令改正通知书 (行政处罚法 第二十八条第一款)."""
    e = f.pick(rc.CorrectionOrdered)
    if e is None:
        raise not_available("责令改正通知书", "没有责令改正")
    when = f"于{cn_date(e.deadline)}前改正" if e.deadline else "立即改正"
    return _signed(
        f, e, docno=e.docno, act=e.act, requirement=e.requirement, when=when,
        provisions=f.provision_list(e.legal_basis),
    )  # fmt: skip


def hearing_notice(f: CaseFacts) -> dict[str, Any]:
    """行政处罚听证通知书 (听证办法 第二十条、第二十二条)."""
    e = f.last(rc.HearingScheduled)
    if e is None:
        raise not_available("行政处罚听证通知书", "尚未确定听证的时间、地点")
    presider = f.case.presider.name if f.case.presider else f.name(e.by)
    requested = f.case.hearing_requested_on
    return _signed(
        f, e, docno=e.docno, hearing_on=cn_date(e.hearing_on), time=e.time, place=e.place,
        presider=presider, requested_on=cn_date(requested), public=e.public, private_reason=e.private_reason,
    )  # fmt: skip


def hearing_record(f: CaseFacts) -> dict[str, Any]:
    """听证笔录 (听证办法 第二十八条)."""
    e = f.last(rc.HearingRecorded)
    if e is None:
        raise not_available("听证笔录", "没有听证笔录")
    presider = f.case.presider.name if f.case.presider else ""
    return _signed(
        f, e, day=cn_date(e.held_on), start=e.start, end=e.end, place=e.place, clerk=e.clerk,
        presider=presider, participants="、".join(e.participants),
        lines=[line for line in e.record.splitlines() if line.strip()], refused=e.refused_signature,
    )  # fmt: skip


def payment_reminder(f: CaseFacts) -> dict[str, Any]:
    """行政处罚决定履行催告书 (行政强制法 第三十五条、第五十四条; 程序规定 第七十六条)."""
    e = f.last(rc.PaymentReminded)
    d = f.last(ev.DecisionIssued)
    if e is None or d is None:
        raise not_available("行政处罚决定履行催告书", "没有制发履行催告书")
    return _signed(
        f, e, docno=e.docno, decision_docno=d.docno, decision_date=cn_date(d.on),
        served_on=cn_date(f.case.decision_served_on), principal=money(e.principal),
        late_fee=money(e.late_fee), total=money(e.principal + e.late_fee), pay_by=cn_date(e.pay_by),
    )  # fmt: skip

"""Rules of the records and notices of `records` (程序规定; 听证办法; 行政强制法 第三十五条、第五十四条)."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

from zhifa.domain import records as rc
from zhifa.domain.checks import Ctx, check_date, check_officers, require_stage, require_text
from zhifa.domain.commands import Command
from zhifa.domain.deadlines import accrued_late_fee, final_payment_due
from zhifa.domain.parties import check_gender, check_id_number, check_phone
from zhifa.domain.refusals import ActionForbidden, refuse
from zhifa.domain.serde import Event
from zhifa.domain.stages import PRE_DECISION, Stage
from zhifa.domain.values import Officer

S = Stage
RECORD_STAGES = frozenset({S.CLUE, S.INVESTIGATION, S.STATEMENT, S.HEARING, S.DELIBERATION})
ADDRESS_STAGES = PRE_DECISION | {S.CLUE, S.SUSPENDED, S.DECIDED, S.EXECUTION, S.PENDING_CLOSE}
CORRECTION_STAGES = PRE_DECISION | {S.DECIDED, S.EXECUTION, S.PENDING_CLOSE}
HEARING_NOTICE_DAYS = 7  # 听证办法 第二十条: 举行听证的七个工作日前送达
REMINDER_DAYS = (10, 30)  # the party's time to pay after the reminder (行政强制法 第三十五条第一项)
E = TypeVar("E", bound=Event)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _time(value: str, label: str) -> str:
    """A time of day as HH:MM (Beijing time)."""
    if not _TIME.match(value.strip()):
        raise refuse("bad_time", f"{label}“{value}”应写作 时:分（如 09:30）")
    return value.strip()


def _times(start: str, end: str) -> tuple[str, str]:
    """Start and end as HH:MM, the end after the start."""
    begin, finish = _time(start, "开始时间"), _time(end, "结束时间")
    if finish <= begin:
        raise refuse("bad_time", f"结束时间（{finish}）应晚于开始时间（{begin}）")
    return begin, finish


def _officers(ctx: Ctx, officers: tuple[Officer, ...], record: str) -> None:
    """Two officers with credentials (程序规定 第二十二条), the recording one among them."""
    check_officers(officers, f"{record}的执法人员", "程序规定第二十二条")
    if ctx.by not in {o.user_id for o in officers}:
        raise ActionForbidden("not_recording_officer", f"{record}须由参加的执法人员制作")


def _recorded(kind: type[E], ctx: Ctx, c: Command, **checked: Any) -> list[Event]:
    """The event of `kind` holding the command's fields, with the checked (trimmed) values in place."""
    fields = {f.name: getattr(c, f.name) for f in dataclasses.fields(c)}
    return [kind(by=ctx.by, on=ctx.today, **{**fields, **checked})]


def _signature_note(refused: bool, witness: str) -> None:
    if refused and not witness.strip():
        raise refuse(
            "witness_required",
            "当事人拒绝签名的，应当在笔录中注明并邀请见证人或者以录音录像记录（程序规定第四十三条）",
        )


def inspect_site(ctx: Ctx, c: rc.InspectSite) -> list[Event]:
    """现场笔录: time, place and what was found, by two officers (程序规定 第二十八条)."""
    require_stage(ctx, RECORD_STAGES, "制作现场笔录")
    case = ctx.case
    check_date(ctx, c.inspected_on, "检查日期", not_before=case.discovered_on, after_label="发现线索日期")
    start, end = _times(c.start, c.end)
    _officers(ctx, c.officers, "现场笔录")
    place = require_text(c.place, "检查地点")
    present = require_text(c.present, "当事人或者在场人员")
    findings = require_text(c.findings, "现场检查情况", min_len=10)
    _signature_note(c.refused_signature, c.witness)
    return _recorded(
        rc.SiteInspected, ctx, c, place=place, start=start, end=end, present=present, findings=findings,
        witness=c.witness.strip(),
    )  # fmt: skip


def record_inquiry(ctx: Ctx, c: rc.RecordInquiry) -> list[Event]:
    """询问笔录: one person at a time, checked by that person (程序规定 第二十九条)."""
    require_stage(ctx, RECORD_STAGES, "制作询问笔录")
    check_date(ctx, c.inquired_on, "询问日期", not_before=ctx.case.discovered_on, after_label="发现线索日期")
    start, end = _times(c.start, c.end)
    _officers(ctx, c.officers, "询问笔录")
    interviewee = require_text(c.interviewee, "被询问人")
    place = require_text(c.place, "询问地点")
    record = require_text(c.record, "询问内容（问答）", min_len=10)
    id_number = check_id_number(c.id_number)
    return _recorded(
        rc.InquiryRecorded, ctx, c, interviewee=interviewee, place=place, start=start, end=end,
        record=record, id_number=id_number, gender=check_gender(c.gender, id_number),
        work_unit=c.work_unit.strip(), address=c.address.strip(),
        phone=check_phone(c.phone, "被询问人联系电话"),
    )  # fmt: skip


def confirm_address(ctx: Ctx, c: rc.ConfirmAddress) -> list[Event]:
    """送达地址确认书; electronic service needs the recipient's consent and an address (第八十二条第三项)."""
    require_stage(ctx, ADDRESS_STAGES, "登记送达地址确认书")
    check_date(ctx, c.confirmed_on, "确认日期", not_before=ctx.case.discovered_on, after_label="发现线索日期")
    recipient = require_text(c.recipient, "受送达人")
    address = require_text(c.address, "送达地址")
    electronic = c.electronic_address.strip()
    if c.electronic_consent and not electronic:
        raise refuse(
            "electronic_address_required",
            "同意电子送达的，应当写明接收的手机号码、传真、电子邮箱或者即时通讯账号（程序规定第八十二条第三项）",
        )
    return _recorded(
        rc.AddressConfirmed, ctx, c, recipient=recipient, address=address, postcode=c.postcode.strip(),
        phone=c.phone.strip(), electronic_address=electronic,
    )  # fmt: skip


def order_correction(ctx: Ctx, c: rc.OrderCorrection) -> list[Event]:
    """责令改正 (行政处罚法 第二十八条第一款): a deadline, when set, lies after the order."""
    require_stage(ctx, CORRECTION_STAGES, "责令改正")
    act = require_text(c.act, "违法行为")
    requirement = require_text(c.requirement, "改正要求")
    basis = tuple(b.strip() for b in c.legal_basis if b.strip())
    if not basis:
        raise refuse("legal_basis_required", "责令改正须写明法律依据")
    if c.deadline is not None and c.deadline <= ctx.today:
        raise refuse("bad_deadline", f"改正期限（{c.deadline.isoformat()}）应晚于责令改正之日")
    return _recorded(rc.CorrectionOrdered, ctx, c, act=act, requirement=requirement, legal_basis=basis)


def schedule_hearing(ctx: Ctx, c: rc.ScheduleHearing) -> list[Event]:
    """听证通知书 by the presider, at least 7 working days before the hearing (听证办法 第二十条)."""
    require_stage(ctx, {S.HEARING}, "制发听证通知书")
    case = ctx.case
    if case.presider is None:
        raise refuse("presider_missing", "尚未指定听证主持人（听证办法第十八条）")
    if ctx.by != case.presider.user_id:
        raise ActionForbidden("not_presider", "听证的时间、地点由听证主持人确定（听证办法第二十条）")
    if ctx.calendar.working_days_between(ctx.today, c.hearing_on) < HEARING_NOTICE_DAYS:
        first = ctx.calendar.add_working_days(ctx.today, HEARING_NOTICE_DAYS)
        raise refuse(
            "hearing_notice_late",
            f"听证通知书应当于举行听证的七个工作日前送达当事人，今天制发的，听证日期最早为{first.isoformat()}"
            "（听证办法第二十条）",
        )
    time = _time(c.time, "听证时间")
    place = require_text(c.place, "听证地点")
    reason = c.private_reason.strip()
    if not c.public and not reason:
        raise refuse(
            "private_reason_required",
            "听证应当公开举行；不公开的，须写明涉及国家秘密、商业秘密或者个人隐私的理由（听证办法第二十二条）",
        )
    return _recorded(
        rc.HearingScheduled, ctx, c, time=time, place=place, private_reason="" if c.public else reason
    )


def record_hearing(ctx: Ctx, c: rc.RecordHearing) -> list[Event]:
    """听证笔录: time, place, hearing officers, participants, each side's views (听证办法 第二十八条)."""
    require_stage(ctx, {S.HEARING}, "制作听证笔录")
    scheduled = ctx.case.hearing_scheduled
    if scheduled is None:
        raise refuse("hearing_not_scheduled", "尚未制发听证通知书，不能制作听证笔录（听证办法第二十条）")
    check_date(ctx, c.held_on, "听证日期", not_before=scheduled.hearing_on, after_label="通知的听证日期")
    start, end = _times(c.start, c.end)
    place = require_text(c.place, "听证地点")
    clerk = require_text(c.clerk, "记录员")
    names = tuple(p.strip() for p in c.participants if p.strip())
    if not names:
        raise refuse("participants_required", "听证笔录须载明听证参加人姓名（听证办法第二十八条）")
    record = require_text(c.record, "各方意见", min_len=10)
    return _recorded(
        rc.HearingRecorded, ctx, c, start=start, end=end, place=place, clerk=clerk, participants=names,
        record=record,
    )  # fmt: skip


def remind_payment(ctx: Ctx, c: rc.RemindPayment) -> list[Event]:
    """催告书 once the payment period has passed unpaid (行政强制法 第三十五条、第五十四条)."""
    require_stage(ctx, {S.EXECUTION}, "制发履行催告书")
    case = ctx.case
    final_due = final_payment_due(case, ctx.calendar, ctx.today)
    if ctx.today <= final_due:
        raise refuse("not_overdue", f"缴款期限至{final_due.isoformat()}届满，尚未逾期，不能催告")
    low, high = REMINDER_DAYS
    if not low <= c.pay_within_days <= high:
        raise refuse("bad_days", f"催告履行期限为{low}至{high}日")
    principal = max(case.money_due - case.paid, Decimal("0.00"))
    late_fee = max(accrued_late_fee(case, ctx.calendar, ctx.today) - case.late_fee_paid, Decimal("0.00"))
    pay_by = ctx.calendar.roll_forward(ctx.today + timedelta(days=c.pay_within_days))
    return [
        rc.PaymentReminded(
            by=ctx.by, on=ctx.today, principal=principal, late_fee=late_fee, pay_by=pay_by, docno=c.docno
        )
    ]

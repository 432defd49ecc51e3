"""Execution, closing, archiving and the summary procedure (程序规定 第六十六条至第七十八条)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from zhifa.domain import commands as cmd
from zhifa.domain import events as ev
from zhifa.domain import onsite
from zhifa.domain.archive_no import ArchiveNumber, Retention, default_retention
from zhifa.domain.checks import Ctx, check_date, check_docno, check_officers, require_stage, require_text
from zhifa.domain.deadlines import accrued_late_fee, final_payment_due
from zhifa.domain.enforcement import enforcement_window, pending_appeal
from zhifa.domain.grounds import Outcome
from zhifa.domain.money import fmt_yuan, parse_amount
from zhifa.domain.options import CloseGround
from zhifa.domain.refusals import ActionForbidden, refuse
from zhifa.domain.remedies import AppealResult
from zhifa.domain.stages import Stage
from zhifa.domain.state import Case
from zhifa.domain.values import summary_allowed


def record_payment(ctx: Ctx, c: cmd.RecordPayment) -> list[ev.Event]:
    """A payment of the fine / confiscated income, or of the late fee; never more than is owed."""
    case = ctx.case
    amount = parse_amount(c.amount, label="缴款金额")
    if amount == 0:
        raise refuse("bad_amount", "缴款金额须大于零")
    decision_on = case.decision.on if case.decision else None
    check_date(ctx, c.paid_on, "缴款日期", not_before=decision_on, after_label="决定日期")
    if c.late_fee:
        require_stage(ctx, {Stage.EXECUTION, Stage.PENDING_CLOSE}, "登记加处罚款")
        owed = accrued_late_fee(case, ctx.calendar, ctx.today) - case.late_fee_paid
        if amount > owed:
            raise refuse("overpayment", f"加处罚款尚欠{fmt_yuan(max(owed, Decimal(0)))}，登记金额超出")
    else:
        require_stage(ctx, {Stage.EXECUTION}, "登记缴款")
        outstanding = case.money_due - case.paid
        if amount > outstanding:
            raise refuse("overpayment", f"尚欠罚没款{fmt_yuan(outstanding)}，登记金额{fmt_yuan(amount)}超出")
    return [
        ev.PaymentRecorded(
            by=ctx.by,
            on=ctx.today,
            amount=amount,
            paid_on=c.paid_on,
            late_fee=c.late_fee,
            receipt=c.receipt.strip(),
        )
    ]


def approve_instalments(ctx: Ctx, c: cmd.ApproveInstalments) -> list[ev.Event]:
    """分期缴纳 on a written application (第七十四条): the schedule covers exactly what is still owed."""
    require_stage(ctx, {Stage.EXECUTION}, "批准分期缴纳罚款")
    case = ctx.case
    check_date(
        ctx, c.applied_on, "书面申请日期", not_before=case.decision_served_on, after_label="决定送达日期"
    )
    if len(c.schedule) < 2:
        raise refuse("bad_schedule", "分期缴纳至少分为两期")
    dates = [d for d, _ in c.schedule]
    if dates != sorted(set(dates)) or dates[0] < ctx.today:
        raise refuse("bad_schedule", "各期缴款日期须晚于今天并依次递增")
    total = sum((parse_amount(a, label="每期金额") for _, a in c.schedule), Decimal(0))
    if any(a <= 0 for _, a in c.schedule):
        raise refuse("bad_schedule", "每期金额须大于零")
    outstanding = case.money_due - case.paid
    if total != outstanding:
        raise refuse("bad_schedule", f"各期金额合计{fmt_yuan(total)}，应等于尚欠的{fmt_yuan(outstanding)}")
    return [ev.InstalmentApproved(by=ctx.by, on=ctx.today, schedule=c.schedule, applied_on=c.applied_on)]


def approve_deferral(ctx: Ctx, c: cmd.ApproveDeferral) -> list[ev.Event]:
    """暂缓缴纳 on a written application (第七十四条): a later single due date."""
    require_stage(ctx, {Stage.EXECUTION}, "批准延期缴纳罚款")
    case = ctx.case
    check_date(
        ctx, c.applied_on, "书面申请日期", not_before=case.decision_served_on, after_label="决定送达日期"
    )
    current = max(d for d, _ in case.schedule)
    if c.new_due <= current or c.new_due <= ctx.today:
        raise refuse("bad_deferral", f"延期后的缴款期限须晚于原期限（{current.isoformat()}）和今天")
    return [ev.DeferralApproved(by=ctx.by, on=ctx.today, new_due=c.new_due, applied_on=c.applied_on)]


def _check_enforcement_window(ctx: Ctx, final_due: date) -> None:
    """No 复议/诉讼 pending or possible any more, and within the 3 months after (行政强制法 第五十三条)."""
    case = ctx.case
    pending = pending_appeal(case)
    if pending is not None:
        raise refuse(
            "appeal_pending",
            f"当事人于{pending.filed_on.isoformat()}提出的{pending.kind.label}尚未审结，"
            "不能申请人民法院强制执行（行政强制法第五十三条；程序规定第七十六条）",
        )
    if any(a.result is AppealResult.REVOKED for a in case.appeals):
        raise refuse("decision_revoked", "处罚决定已被撤销或者确认违法、无效，不能申请强制执行")
    window = enforcement_window(case, ctx.calendar, final_due)
    assert window is not None
    first, last = window
    if ctx.today < first:
        raise refuse(
            "appeal_period_running",
            "当事人申请行政复议（六十日）或者提起行政诉讼（六个月）的期限至"
            f"{(first - timedelta(days=1)).isoformat()}届满，"
            "期满前不能申请人民法院强制执行（行政强制法第五十三条；程序规定第七十六条）",
        )
    if ctx.today > last and ctx.today > (last := ctx.calendar.roll_forward(last)):
        raise refuse(
            "enforcement_period_expired",
            f"申请人民法院强制执行的期限已于{last.isoformat()}届满（期限届满之日起三个月内，"
            "行政强制法第五十三条；程序规定第七十六条）",
        )


def apply_enforcement(ctx: Ctx, c: cmd.ApplyEnforcement) -> list[ev.Event]:
    """Court enforcement after the reminder has gone unanswered for 10 working days (第七十六条), once the
    periods for 复议 and 诉讼 have run without either, and within 3 months after (行政强制法 第五十三条)."""
    require_stage(ctx, {Stage.EXECUTION}, "申请人民法院强制执行")
    case = ctx.case
    if case.enforcement_applied_on is not None:
        raise refuse("already_applied", "已经申请人民法院强制执行")
    final_due = final_payment_due(case, ctx.calendar, ctx.today)
    if ctx.today <= final_due:
        raise refuse("not_overdue", f"缴款期限至{final_due.isoformat()}届满，尚未逾期")
    _check_enforcement_window(ctx, final_due)
    check_date(ctx, c.reminder_served_on, "催告书送达日期", not_before=final_due, after_label="缴款期限")
    if case.reminded_on is not None and c.reminder_served_on < case.reminded_on:
        raise refuse(
            "date_before_allowed",
            f"催告书送达日期不能早于本案制发催告书的日期（{case.reminded_on.isoformat()}）",
        )
    if ctx.calendar.working_days_between(c.reminder_served_on, ctx.today) < 10:
        raise refuse(
            "reminder_too_recent",
            "当事人收到催告书十个工作日后仍不履行的，方可申请强制执行（程序规定第七十六条）",
        )
    court = require_text(c.court, "受理法院")
    return [
        ev.EnforcementApplied(by=ctx.by, on=ctx.today, reminder_served_on=c.reminder_served_on, court=court)
    ]


_CLOSE_STAGES = {
    CloseGround.EXECUTED: {Stage.PENDING_CLOSE},
    CloseGround.OTHER_DECISION: {Stage.PENDING_CLOSE, Stage.TRANSFERRED},
    CloseGround.TERMINATED: {Stage.TERMINATED},
    CloseGround.COURT_ENDED: {Stage.EXECUTION},
    CloseGround.OTHER: {Stage.PENDING_CLOSE, Stage.TRANSFERRED, Stage.TERMINATED},
}


def close_case(ctx: Ctx, c: cmd.CloseCase) -> list[ev.Event]:
    """结案审批 on one of the grounds of 第七十七条, matching how the case ended."""
    case = ctx.case
    require_stage(ctx, _CLOSE_STAGES[c.ground], f"以“{c.ground.label}”结案")
    decision = case.decision
    if c.ground is CloseGround.EXECUTED and (decision is None or decision.outcome is not Outcome.PENALTY):
        raise refuse("bad_close_ground", "本案未作出行政处罚决定，不能以“执行完毕”结案")
    penalty_decided = decision is not None and decision.outcome is Outcome.PENALTY
    if c.ground is CloseGround.OTHER_DECISION and case.stage is not Stage.TRANSFERRED and penalty_decided:
        raise refuse("bad_close_ground", "本案作出的是行政处罚决定，应当以“执行完毕”结案")
    if c.ground is CloseGround.COURT_ENDED and case.enforcement_applied_on is None:
        raise refuse("bad_close_ground", "尚未申请人民法院强制执行，不能以“人民法院裁定终结执行”结案")
    if c.ground is CloseGround.OTHER:
        require_text(c.note, "结案理由")
    if case.cash_collected_on is not None and case.cash_handed_on is None:
        raise refuse(
            "cash_not_handed_over",
            "当场收缴的罚款尚未交至市场监督管理部门（行政处罚法第七十一条；程序规定第七十三条），不能结案",
        )
    return [ev.CaseClosed(by=ctx.by, on=ctx.today, ground=c.ground, note=c.note.strip())]


def archive_case(ctx: Ctx, c: cmd.ArchiveCase) -> list[ev.Event]:
    """立卷归档 after closing, or of a clue not filed (第七十八条)."""
    case = ctx.case
    require_stage(ctx, {Stage.CLOSED, Stage.NOT_FILED}, "立卷归档")
    if case.handlers and ctx.by not in case.handler_ids:
        raise ActionForbidden("not_case_handler", "“立卷归档”须由本案办案人员办理（程序规定第七十八条）")
    if case.summary_procedure and case.summary_filed_on is None:
        raise refuse("summary_records_missing", "简易程序材料尚未交部门归档（程序规定第七十条）")
    retention = archive_retention(case, c.retention)
    if c.archive_no:
        number = ArchiveNumber.parse(c.archive_no)
        if number.retention is not retention or number.year != archive_year(case, ctx.today):
            raise refuse("bad_archive_no", f"归档号“{c.archive_no}”与本案的年度或保管期限不符")
    return [
        ev.CaseArchived(
            by=ctx.by,
            on=ctx.today,
            volume=c.volume.strip(),
            archive_no=c.archive_no,
            retention=retention.value,
        )
    ]


def archive_retention(case: Case, chosen: Retention | None) -> Retention:
    """The retention chosen by the archivist, or the house default (`default_retention`)."""
    return chosen or default_retention(case)


def archive_year(case: Case, today: date) -> int:
    """The year of the 归档号: the closing year, or the archiving year of a clue not filed."""
    return (case.closed_on or today).year


def issue_summary_penalty(ctx: Ctx, c: cmd.IssueSummaryPenalty) -> list[ev.Event]:
    """当场处罚 within 行政处罚法 第五十一条, by two officers with credentials (第四十二条、第五十二条).

    Before the decision: credentials shown, facts found on the spot, the party heard (第四十四条、第四十五条);
    then the form signed for by the party (or the refusal noted), and the payment: the bank within 15 days,
    or collected on the spot with the receipt where 第六十八条、第六十九条 allow it (then paid at once).
    """
    if not (c.agency_path.startswith("/") and c.agency_path.endswith("/")) or not c.agency_code.strip():
        raise refuse("bad_agency", "当场处罚须记录在具体的市场监督管理部门名下")
    check_officers(c.officers, "当场执法人员", "行政处罚法第四十二条、第五十二条")
    if ctx.by not in {o.user_id for o in c.officers}:
        raise ActionForbidden("not_case_handler", "当场处罚决定须由在场执法人员作出")
    reason = summary_allowed(c.penalty, c.party, ctx.profile)
    if reason:
        raise refuse("summary_not_allowed", reason)
    onsite.check_credentials_shown(c.credentials_shown)
    check_date(ctx, c.act_date, "违法行为发生日期")
    age = c.party.age_on(c.act_date)
    if age is not None and age < 14:
        raise refuse("party_under_14", "当事人违法时不满十四周岁，不予行政处罚（行政处罚法第三十条）")
    facts = require_text(c.facts, "当场查明的违法事实（程序规定第六十七条）")
    violation = require_text(c.violation, "违法行为")
    basis = require_text(c.basis, "行政处罚依据")
    place = require_text(c.place, "地点")
    statement = onsite.check_statement(c.statement)
    note = onsite.check_party_signature(c.party_signature_sm3, c.party_refused_to_sign, c.refusal_note)
    receipt = onsite.check_collection(
        c.collection, c.penalty, c.party_requested_collection, c.receipt_no, ctx.profile
    )
    docno = check_docno(c.docno, {"当罚"}, "当场行政处罚决定书")
    events: list[ev.Event] = [
        ev.SummaryPenaltyIssued(
            by=ctx.by,
            on=ctx.today,
            agency_path=c.agency_path,
            agency_code=c.agency_code,
            party=c.party,
            act_date=c.act_date,
            violation=violation,
            basis=basis,
            penalty=c.penalty,
            officers=c.officers,
            place=place,
            docno=docno,
            facts=facts,
            credentials_shown=True,
            statement=statement,
            party_signature_sm3=c.party_signature_sm3,
            refusal_note=note,
            collection=c.collection,
            receipt_no=receipt,
        )
    ]
    if c.collection.on_the_spot:
        events.append(
            ev.PaymentRecorded(
                by=ctx.by, on=ctx.today, amount=c.penalty.fine, paid_on=ctx.today, receipt=receipt
            )
        )
    return events


def hand_over_cash(ctx: Ctx, c: cmd.HandOverCash) -> list[ev.Event]:
    """Fines collected on the spot handed to the agency (行政处罚法 第七十一条; 程序规定 第七十三条)."""
    case = ctx.case
    if case.cash_collected_on is None:
        raise refuse("no_cash_collected", "本案没有当场收缴的罚款")
    if case.cash_handed_on is not None:
        raise refuse("cash_already_handed_over", "当场收缴的罚款已交至部门")
    check_date(ctx, c.handed_on, "交款日期", not_before=case.cash_collected_on, after_label="收缴日期")
    return [ev.CashHandedOver(by=ctx.by, on=ctx.today, handed_on=c.handed_on)]


def file_summary_records(ctx: Ctx, c: cmd.FileSummaryRecords) -> list[ev.Event]:
    """Summary-procedure materials handed in (第七十条: within 7 working days)."""
    case = ctx.case
    if not case.summary_procedure:
        raise refuse("not_summary", "只有简易程序案件需要登记材料交部门归档")
    if case.summary_filed_on is not None:
        raise refuse("already_filed", "材料已交部门归档")
    assert case.decision is not None
    check_date(ctx, c.filed_on, "交档日期", not_before=case.decision.on, after_label="决定日期")
    return [ev.SummaryRecordsFiled(by=ctx.by, on=ctx.today, filed_on=c.filed_on)]

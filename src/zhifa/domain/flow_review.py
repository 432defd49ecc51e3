"""Transition rules from the review to the hearing (程序规定 第四十九条至第五十九条; 听证办法)."""

from __future__ import annotations

from zhifa.domain import commands as cmd
from zhifa.domain import events as ev
from zhifa.domain.checks import Ctx, check_date, check_docno, require_stage, require_text
from zhifa.domain.deadlines import statement_window_end
from zhifa.domain.grounds import Outcome, ReviewKind, ReviewOpinion
from zhifa.domain.options import HearingOutcome, StatementKind
from zhifa.domain.refusals import ActionForbidden, refuse
from zhifa.domain.signoff import check_signoff
from zhifa.domain.stages import PRE_DECISION, Stage
from zhifa.domain.values import hearing_right


def sign_review(ctx: Ctx, c: cmd.SignReview) -> list[ev.Event]:
    """审核: never by a handler (第四十九条); 法制审核 by a qualified reviewer (第五十条、第五十一条)."""
    case = ctx.case
    require_stage(ctx, {Stage.REVIEW, Stage.DELIBERATION}, "签署审核意见")
    if ctx.by in case.handler_ids:
        raise ActionForbidden(
            "reviewer_is_handler", "办案人员不得作为本案审核人员（程序规定第四十九条第三款）"
        )
    if c.kind is ReviewKind.LEGAL and not ctx.actor.may_do_legal_review:
        raise ActionForbidden(
            "reviewer_not_qualified",
            "初次从事行政处罚决定法制审核的人员应当通过国家统一法律职业资格考试取得法律职业资格"
            "（行政处罚法第五十八条第二款；程序规定第五十一条第二款）",
        )
    if case.is_major and c.kind is ReviewKind.CASE:
        grounds = "、".join(sorted(g.label for g in case.major_grounds)) or "经过听证程序"
        raise refuse(
            "legal_review_required", f"本案属于程序规定第五十条规定的情形（{grounds}），应当进行法制审核"
        )
    if case.stage is Stage.DELIBERATION and c.kind is not ReviewKind.LEGAL:
        raise refuse("legal_review_required", "听证结束后的审核应为法制审核（程序规定第五十条第二款）")
    comments = c.comments.strip()
    if c.opinion is not ReviewOpinion.AGREE:
        comments = require_text(c.comments, "审核意见和建议（程序规定第五十四条）")
    proposal = case.report.proposal if case.report else None
    signed = c.penalty or proposal
    guard = None
    if signed is not None:
        guard = check_signoff(
            case, signed, proposal, flags=c.flags, flag_reasons=c.flag_reasons,
            reason=c.override_reason, mitigation=c.mitigation, who="审核人员",
        )  # fmt: skip
    return [
        ev.ReviewSigned(
            by=ctx.by,
            on=ctx.today,
            kind=c.kind,
            opinion=c.opinion,
            comments=comments,
            penalty=c.penalty,
            guard=guard,
        )
    ]


def approve_penalty(ctx: Ctx, c: cmd.ApprovePenalty) -> list[ev.Event]:
    """负责人 approves the proposed penalty (第五十六条); the hearing right follows the profile."""
    require_stage(ctx, {Stage.APPROVAL}, "批准拟处罚意见")
    report = ctx.case.report
    assert report is not None and ctx.case.party is not None
    if report.proposed_outcome is not Outcome.PENALTY:
        raise refuse(
            "not_a_penalty_case",
            "调查终结报告建议给予其他处理，应由负责人审查后直接作出处理决定（程序规定第五十六条）",
        )
    guard = check_signoff(
        ctx.case, c.penalty, report.proposal, flags=c.flags, flag_reasons=c.flag_reasons,
        reason=c.override_reason, mitigation=c.mitigation, who="负责人",
    )  # fmt: skip
    right = hearing_right(c.penalty, ctx.case.party, ctx.profile)
    return [ev.PenaltyApproved(by=ctx.by, on=ctx.today, penalty=c.penalty, hearing_right=right, guard=guard)]


def issue_notice(ctx: Ctx, c: cmd.IssueNotice) -> list[ev.Event]:
    """行政处罚告知书 with the approved penalty and the rights, hearing included where due (第五十七条)."""
    require_stage(ctx, {Stage.NOTICE}, "制发行政处罚告知书")
    approved = ctx.case.approved
    if approved is None:
        raise refuse("approval_missing", "拟处罚意见尚未经负责人批准（程序规定第五十六条）")
    docno = check_docno(c.docno, {"罚告", "听告"}, "行政处罚告知书")
    return [
        ev.NoticeIssued(
            by=ctx.by,
            on=ctx.today,
            penalty=approved.penalty,
            hearing_right=approved.hearing_right,
            docno=docno,
        )
    ]


def record_statement(ctx: Ctx, c: cmd.RecordStatement) -> list[ev.Event]:
    """陈述申辩 or an explicit waiver after the notice was served (第五十八条; 行政处罚法 第六十二条)."""
    require_stage(ctx, {Stage.STATEMENT, Stage.HEARING, Stage.DELIBERATION}, "记录陈述申辩")
    served = ctx.case.notice_served_on
    if served is None:
        raise refuse("notice_not_served", "行政处罚告知书尚未送达，不能记录陈述申辩")
    check_date(ctx, c.stated_on, "陈述申辩日期", not_before=served, after_label="告知书送达日期")
    summary = c.summary.strip() if c.kind is StatementKind.WAIVER else require_text(c.summary, "陈述申辩内容")
    return [
        ev.StatementRecorded(by=ctx.by, on=ctx.today, kind=c.kind, summary=summary, stated_on=c.stated_on)
    ]


def request_hearing(ctx: Ctx, c: cmd.RequestHearing) -> list[ev.Event]:
    """听证申请 within 5 working days, only where the penalty gives the right (听证办法 第五条、第七条)."""
    require_stage(ctx, {Stage.STATEMENT}, "登记听证申请")
    case = ctx.case
    if case.notice is None or not case.notice.hearing_right:
        raise refuse("no_hearing_right", "拟作出的行政处罚不属于听证范围（听证办法第五条）")
    served = case.notice_served_on
    if served is None:
        raise refuse("notice_not_served", "行政处罚告知书尚未送达")
    if any(s.kind is StatementKind.WAIVER for s in case.statements):
        raise refuse("rights_waived", "当事人已明确放弃陈述、申辩和听证权利")
    check_date(ctx, c.requested_on, "听证申请日期", not_before=served, after_label="告知书送达日期")
    end = statement_window_end(case, ctx.calendar)
    assert end is not None
    if c.requested_on > end:
        raise refuse(
            "hearing_request_late",
            f"听证申请应在告知书送达之日起五个工作日内（{end.isoformat()}前）提出（听证办法第七条）",
        )
    return [ev.HearingRequested(by=ctx.by, on=ctx.today, requested_on=c.requested_on)]


def appoint_presider(ctx: Ctx, c: cmd.AppointPresider) -> list[ev.Event]:
    """The head appoints a presiding officer who is not a handler (听证办法 第十一条)."""
    require_stage(ctx, {Stage.HEARING}, "指定听证主持人")
    if c.presider.user_id in ctx.case.handler_ids:
        raise refuse("presider_is_handler", "办案人员不得担任听证主持人（听证办法第十一条第三款）")
    require_text(c.presider.name, "听证主持人姓名")
    return [ev.HearingPresiderAppointed(by=ctx.by, on=ctx.today, presider=c.presider)]


def hold_hearing(ctx: Ctx, c: cmd.HoldHearing) -> list[ev.Event]:
    """The presider reports; hearing notice served 7 working days ahead (听证办法 第二十条、第二十九条)."""
    require_stage(ctx, {Stage.HEARING}, "提交听证报告")
    case = ctx.case
    if case.presider is None:
        raise refuse("presider_missing", "尚未指定听证主持人（听证办法第十八条）")
    if ctx.by != case.presider.user_id:
        raise ActionForbidden("not_presider", "听证报告须由本案听证主持人提交（听证办法第二十九条）")
    assert case.hearing_requested_on is not None
    check_date(ctx, c.held_on, "听证日期", not_before=case.hearing_requested_on, after_label="听证申请日期")
    if c.outcome is not HearingOutcome.WITHDRAWN:
        if c.notice_served_on is None:
            raise refuse("hearing_notice_missing", "须载明听证通知书的送达日期（听证办法第二十条）")
        check_date(
            ctx,
            c.notice_served_on,
            "听证通知书送达日期",
            not_before=case.hearing_requested_on,
            after_label="听证申请日期",
        )
        if ctx.calendar.working_days_between(c.notice_served_on, c.held_on) < 7:
            raise refuse(
                "hearing_notice_late", "听证通知书应当于举行听证的七个工作日前送达当事人（听证办法第二十条）"
            )
    report = require_text(c.report, "听证报告")
    return [
        ev.HearingHeld(
            by=ctx.by,
            on=ctx.today,
            outcome=c.outcome,
            held_on=c.held_on,
            notice_served_on=c.notice_served_on,
            report=report,
        )
    ]


def record_discussion(ctx: Ctx, c: cmd.RecordCollectiveDiscussion) -> list[ev.Event]:
    """集体讨论记录 of the heads (第六十条第二款; 第六十四条 for further extensions)."""
    require_stage(ctx, PRE_DECISION | {Stage.SUSPENDED}, "记录集体讨论")
    names = [p.strip() for p in c.participants if p.strip()]
    if len(set(names)) < 2:
        raise refuse("participants_required", "集体讨论须有两名以上负责人参加")
    check_date(ctx, c.discussed_on, "讨论日期", not_before=ctx.case.filed_on, after_label="立案日期")
    conclusion = require_text(c.conclusion, "讨论结论")
    return [
        ev.CollectiveDiscussionRecorded(
            by=ctx.by,
            on=ctx.today,
            participants=tuple(names),
            conclusion=conclusion,
            discussed_on=c.discussed_on,
        )
    ]

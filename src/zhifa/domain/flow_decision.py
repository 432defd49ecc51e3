"""The decision and the service of documents (程序规定 第六十条至第六十四条、第八十条至第八十三条)."""

from __future__ import annotations

from datetime import timedelta

from zhifa.domain import commands as cmd
from zhifa.domain import events as ev
from zhifa.domain.checks import Ctx, check_date, check_docno, require_stage, require_text
from zhifa.domain.deadlines import statement_window_end
from zhifa.domain.grounds import Outcome, ReviewKind
from zhifa.domain.options import PUBLIC_NOTICE_DAYS, DocKind, ServiceMethod, StatementKind
from zhifa.domain.refusals import refuse
from zhifa.domain.signoff import SignoffGuard, check_signoff
from zhifa.domain.stages import Stage
from zhifa.domain.values import Penalty, PenaltyKind

OTHER_OUTCOME_STAGES = {Stage.APPROVAL, Stage.NOTICE, Stage.STATEMENT, Stage.DELIBERATION}


def _check_penalty_decision(ctx: Ctx, penalty: Penalty) -> None:
    case = ctx.case
    notice = case.notice
    if notice is None or case.notice_served_on is None:
        raise refuse(
            "notice_missing",
            "作出行政处罚决定前须向当事人送达行政处罚告知书（行政处罚法第四十四条、第六十二条）",
        )
    waived = any(s.kind is StatementKind.WAIVER for s in case.statements)
    if case.stage is Stage.STATEMENT and not waived:  # waived: the period's end (and its year) is moot
        end = statement_window_end(case, ctx.calendar)
        assert end is not None
        if ctx.today <= end:
            raise refuse(
                "statement_period_running",
                f"陈述、申辩{'和听证申请' if notice.hearing_right else ''}期限至{end.isoformat()}届满，"
                "期满或者当事人明确放弃前不能作出处罚决定（程序规定第五十七条第二款）",
            )
    if penalty.heavier_than(notice.penalty):
        raise refuse(
            "heavier_than_notified",
            "处罚决定不得重于已告知的拟处罚内容，不得因当事人陈述、申辩或者要求听证而给予更重的处罚"
            "（程序规定第五十八条、行政处罚法第四十五条第二款）",
        )
    if case.is_major:
        hearing = case.hearing
        after = hearing.on if case.hearing_held and hearing else None
        if not case.signed_after(ReviewKind.LEGAL, after):
            when = "听证程序结束后" if after else ""
            raise refuse(
                "legal_review_missing", f"本案须经{when}法制审核通过方可作出决定（程序规定第五十条）"
            )
        last_review = max(r.on for r in case.reviews if r.kind is ReviewKind.LEGAL)
        if not any(d.on >= last_review for d in case.discussions):
            raise refuse(
                "collective_discussion_missing",
                "本案属于程序规定第五十条规定的情形，拟给予行政处罚的应当由负责人集体讨论决定（程序规定第六十条第二款）",
            )


def issue_decision(ctx: Ctx, c: cmd.IssueDecision) -> list[ev.Event]:
    """负责人 decides: penalty, no penalty, not established, or transfer (第六十条)."""
    case = ctx.case
    reasons = require_text(c.reasons, "决定理由")
    guard: SignoffGuard | None = None
    if c.outcome is Outcome.PENALTY:
        require_stage(ctx, {Stage.STATEMENT, Stage.DELIBERATION}, "作出行政处罚决定")
        if c.penalty is None:
            raise refuse("penalty_required", "给予行政处罚的决定须载明处罚内容")
        if c.no_penalty_ground is not None:
            raise refuse("bad_decision", "给予行政处罚的决定不能同时载明不予处罚的理由")
        assert case.party is not None and case.act_date is not None
        age = case.party.age_on(case.act_date)
        if age is not None and age < 14:
            raise refuse("party_under_14", "当事人违法时不满十四周岁，不予行政处罚（行政处罚法第三十条）")
        _check_penalty_decision(ctx, c.penalty)
        notified = case.notice.penalty if case.notice else None
        guard = check_signoff(
            case, c.penalty, notified, flags=c.flags, flag_reasons=c.flag_reasons,
            reason=c.override_reason, mitigation=c.mitigation, who="负责人",
        )  # fmt: skip
        docno = check_docno(c.docno, {"处罚"}, "行政处罚决定书")
    else:
        require_stage(ctx, OTHER_OUTCOME_STAGES, f"作出“{c.outcome.label}”的决定")
        if c.penalty is not None:
            raise refuse("bad_decision", f"“{c.outcome.label}”的决定不能载明处罚内容")
        if (c.outcome is Outcome.NO_PENALTY) != (c.no_penalty_ground is not None):
            raise refuse(
                "no_penalty_ground",
                "不予行政处罚的决定须且仅须写明法定理由（行政处罚法第三十条、第三十一条、第三十三条）",
            )
        if c.outcome in (Outcome.TRANSFER_AGENCY, Outcome.TRANSFER_JUDICIARY):
            require_text(c.transfer_to, "移送机关")
        docno = check_docno(c.docno, {"不罚", "移", "刑移"}, "处理决定文书")
    return [
        ev.DecisionIssued(
            by=ctx.by,
            on=ctx.today,
            outcome=c.outcome,
            penalty=c.penalty,
            no_penalty_ground=c.no_penalty_ground,
            reasons=reasons,
            transfer_to=c.transfer_to.strip(),
            docno=docno,
            guard=guard,
        )
    ]


def serve_document(ctx: Ctx, c: cmd.ServeDocument) -> list[ev.Event]:
    """Service by the methods of 第八十二条; electronic needs a signed address confirmation and a record."""
    case = ctx.case
    if c.document is DocKind.NOTICE:
        require_stage(ctx, {Stage.STATEMENT}, "送达行政处罚告知书")
        if case.notice_served_on is not None:
            raise refuse("already_served", "行政处罚告知书已经送达")
        issued = case.notice.on if case.notice else None
    elif c.document is DocKind.DECISION:
        require_stage(ctx, {Stage.DECIDED}, "送达处理决定书")
        issued = case.decision.on if case.decision else None
    elif c.document is DocKind.HEARING_NOTICE:
        require_stage(ctx, {Stage.HEARING}, "送达听证通知书")
        issued = case.hearing_requested_on
    else:
        require_stage(ctx, set(Stage) - {Stage.ARCHIVED, Stage.CLOSED, Stage.NOT_FILED}, "送达文书")
        issued = case.discovered_on or case.filed_on
    published = None
    if c.method is ServiceMethod.ELECTRONIC:
        require_text(c.address_confirmation, "送达地址确认书（程序规定第八十二条第三项）")
        require_text(c.proof, "电子送达的截屏、录音等记录（程序规定第八十二条第三项）")
    elif c.method is ServiceMethod.LEFT_AT_RESIDENCE:
        require_text(c.proof, "留置送达的见证或者拍照、录像记录（程序规定第八十二条第二项）")
    elif c.method is ServiceMethod.PUBLIC_NOTICE:
        require_text(c.reason, "公告送达的原因和经过（程序规定第八十二条第五项）")
        require_text(c.proof, "张贴或者刊登公告的记录（程序规定第八十二条第五项）")
        published = c.served_on
    check_date(ctx, c.served_on, "送达（公告）日期", not_before=issued, after_label="文书制发日期")
    served_on = c.served_on + timedelta(days=PUBLIC_NOTICE_DAYS) if published else c.served_on
    return [
        ev.DocumentServed(
            by=ctx.by,
            on=ctx.today,
            document=c.document,
            method=c.method,
            served_on=served_on,
            published_on=published,
            address_confirmation=c.address_confirmation.strip(),
            proof=c.proof.strip(),
            reason=c.reason.strip(),
        )
    ]


def publish_decision(ctx: Ctx, c: cmd.PublishDecision) -> list[ev.Event]:
    """Publicity of ordinary-procedure penalties, never warning-only ones (公示规定 第二条、第九条)."""
    case = ctx.case
    decision = case.decision
    if decision is None or decision.outcome is not Outcome.PENALTY or decision.penalty is None:
        raise refuse("nothing_to_publish", "只有给予行政处罚的决定需要公示")
    if case.summary_procedure:
        raise refuse(
            "summary_not_published", "简易程序作出的行政处罚不适用公示（行政处罚信息公示规定第二条）"
        )
    if decision.penalty.kinds == {PenaltyKind.WARNING}:
        raise refuse(
            "warning_not_published", "仅受到警告行政处罚的不予公示（行政处罚信息公示规定第二条第二款）"
        )
    if case.published_on is not None:
        raise refuse("already_published", "该决定已经公示")
    check_date(ctx, c.published_on, "公示日期", not_before=decision.on, after_label="决定日期")
    return [ev.DecisionPublished(by=ctx.by, on=ctx.today, published_on=c.published_on)]

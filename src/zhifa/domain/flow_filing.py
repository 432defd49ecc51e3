"""Transition rules from the clue to the investigation report (程序规定 第十八条至第四十八条)."""

from __future__ import annotations

from datetime import date

from zhifa.domain import commands as cmd
from zhifa.domain import events as ev
from zhifa.domain.checks import Ctx, check_date, check_docno, check_officers, require_stage, require_text
from zhifa.domain.deadlines import clue_due
from zhifa.domain.grounds import MajorGround, Outcome
from zhifa.domain.options import PauseKind
from zhifa.domain.refusals import refuse
from zhifa.domain.stages import PRE_DECISION, Stage
from zhifa.domain.suggestion import MIN_DEPARTURE_REASON, Adherence, adherence, departure_summary
from zhifa.domain.values import EvidenceKind, check_sm3

FILED_OPEN = PRE_DECISION | {Stage.SUSPENDED, Stage.DECIDED, Stage.EXECUTION, Stage.PENDING_CLOSE}
EMPTY_REASONS = {"无", "暂无", "略", "同上", "见上", "/", "-"}


def register_clue(ctx: Ctx, c: cmd.RegisterClue) -> list[ev.Event]:
    """登记线索 (案件来源登记表)."""
    if not (c.agency_path.startswith("/") and c.agency_path.endswith("/")) or not c.agency_code.strip():
        raise refuse("bad_agency", "线索须登记在具体的市场监督管理部门名下")
    check_date(ctx, c.discovered_on, "发现线索或者收到材料的日期")
    summary = require_text(c.summary, "线索内容")
    return [
        ev.ClueRegistered(
            by=ctx.by,
            on=ctx.today,
            agency_path=c.agency_path,
            agency_code=c.agency_code,
            source=c.source,
            discovered_on=c.discovered_on,
            summary=summary,
            party=c.party,
        )
    ]


def extend_clue_check(ctx: Ctx, c: cmd.ExtendClueCheck) -> list[ev.Event]:
    """+15 working days once, approved before the period ends (程序规定 第十八条)."""
    require_stage(ctx, {Stage.CLUE}, "延长核查期限")
    if ctx.case.clue_extended_days:
        raise refuse("already_extended", "核查期限只能经批准延长一次（程序规定第十八条）")
    if not 1 <= c.days <= 15:
        raise refuse("bad_extension", "核查期限最多延长十五个工作日（程序规定第十八条）")
    if ctx.today > clue_due(ctx.case, ctx.calendar, ctx.today):
        raise refuse("deadline_passed", "核查期限已届满，不能补批延期")
    reason = require_text(c.reason, "延期理由")
    return [ev.ClueCheckExtended(by=ctx.by, on=ctx.today, days=c.days, reason=reason)]


def pause_clock(ctx: Ctx, c: cmd.PauseClock) -> list[ev.Event]:
    """Testing / identification time (第十八条第二款), a public notice or a 责令退还多收价款 period
    (第六十四条第二款) is not counted."""
    require_stage(ctx, PRE_DECISION | {Stage.CLUE}, "登记不计入期限的期间")
    if c.kind not in (PauseKind.TESTING, PauseKind.PUBLIC_NOTICE, PauseKind.REFUND_ORDER):
        raise refuse("bad_pause_kind", f"“{c.kind.label}”期间由相应程序自动计算，不能手工登记")
    if c.kind is PauseKind.REFUND_ORDER and ctx.case.stage is Stage.CLUE:
        raise refuse(
            "bad_pause_kind",
            "责令退还多收价款的期间只在立案后的案件办理期限中扣除（程序规定第六十四条第二款）",
        )
    if any(p.kind is c.kind and p.end is None for p in ctx.case.pauses):
        raise refuse("already_paused", f"已有未结束的“{c.kind.label}”期间")
    check_date(ctx, c.started_on, "开始日期", not_before=ctx.case.discovered_on, after_label="发现线索日期")
    reason = require_text(c.reason, "事项说明")
    return [ev.ClockPaused(by=ctx.by, on=ctx.today, kind=c.kind, started_on=c.started_on, reason=reason)]


def resume_clock(ctx: Ctx, c: cmd.ResumeClock) -> list[ev.Event]:
    """End a testing or public-notice period."""
    open_ = [p for p in ctx.case.pauses if p.kind is c.kind and p.end is None]
    if not open_:
        raise refuse("not_paused", f"没有未结束的“{c.kind.label}”期间")
    check_date(ctx, c.ended_on, "结束日期", not_before=open_[0].start, after_label="开始日期")
    return [ev.ClockResumed(by=ctx.by, on=ctx.today, kind=c.kind, ended_on=c.ended_on)]


def limitation_end(act_date: date, serious_harm: bool) -> date:
    """Discovery deadline: 2 years, 5 with harm to life, health or finance (行政处罚法 第三十六条)."""
    years = 5 if serious_harm else 2
    try:
        return act_date.replace(year=act_date.year + years)
    except ValueError:  # 29 February
        return date(act_date.year + years, 3, 1)


def file_case(ctx: Ctx, c: cmd.FileCase) -> list[ev.Event]:
    """立案: §19 conditions, ≥ 2 handlers with credentials, within the limitation period."""
    require_stage(ctx, {Stage.CLUE}, "立案")
    check_officers(c.handlers, "办案人员", "程序规定第十九条、行政处罚法第四十二条")
    discovered = ctx.case.discovered_on
    assert discovered is not None
    check_date(ctx, c.act_date, "违法行为发生（终了）日期")
    if discovered > limitation_end(c.act_date, c.serious_harm):
        years = "五" if c.serious_harm else "二"
        raise refuse(
            "time_barred",
            f"违法行为在{years}年内未被发现，不再给予行政处罚，应当不予立案（行政处罚法第三十六条）",
        )
    age = c.party.age_on(c.act_date)
    if age is not None and age < 14:
        raise refuse(
            "party_under_14", "当事人违法时不满十四周岁，不予行政处罚（行政处罚法第三十条），不应立案"
        )
    if MajorGround.HEARING_HELD in c.major_grounds:
        raise refuse("bad_major_ground", "“经过听证程序”在听证结束后自动认定，立案时不能选择")
    violation = require_text(c.violation, "涉嫌违法行为")
    docno = check_docno(c.docno, {"立"}, "立案审批表")
    return [
        ev.CaseFiled(
            by=ctx.by,
            on=ctx.today,
            party=c.party,
            act_date=c.act_date,
            violation=violation,
            handlers=c.handlers,
            major_grounds=c.major_grounds,
            serious_harm=c.serious_harm,
            docno=docno,
        )
    ]


def decline_filing(ctx: Ctx, c: cmd.DeclineFiling) -> list[ev.Event]:
    """不予立案 on a ground of 程序规定 第二十条 (incl. 首违不罚) or a failed §19 condition."""
    require_stage(ctx, {Stage.CLUE}, "决定不予立案")
    reason = require_text(c.reason, "不予立案理由")
    return [ev.FilingDeclined(by=ctx.by, on=ctx.today, ground=c.ground, reason=reason)]


def assign_handlers(ctx: Ctx, c: cmd.AssignHandlers) -> list[ev.Event]:
    """Replace the handlers (recusal, 程序规定 第四条); the team stays at ≥ 2 with credentials."""
    require_stage(ctx, FILED_OPEN, "变更办案人员")
    check_officers(c.handlers, "办案人员", "程序规定第十九条、行政处罚法第四十二条")
    presider = ctx.case.presider
    if presider and presider.user_id in {o.user_id for o in c.handlers}:
        raise refuse("presider_is_handler", "听证主持人不得担任本案办案人员（听证办法第十一条）")
    reason = require_text(c.reason, "变更理由")
    return [ev.HandlersAssigned(by=ctx.by, on=ctx.today, handlers=c.handlers, reason=reason)]


def add_evidence(ctx: Ctx, c: cmd.AddEvidence) -> list[ev.Event]:
    """Evidence taken by two handlers (第二十二条); files fixed by SM3; origin noted (第二十六条)."""
    require_stage(ctx, {Stage.INVESTIGATION, Stage.STATEMENT, Stage.HEARING, Stage.DELIBERATION}, "收集证据")
    if c.co_handler_id == ctx.by or c.co_handler_id not in ctx.case.handler_ids:
        raise refuse(
            "two_officers_required",
            "调查取证时办案人员不得少于两人，另一人须为本案其他办案人员（程序规定第二十二条）",
        )
    check_date(ctx, c.collected_on, "取证日期", not_before=ctx.case.discovered_on, after_label="发现线索日期")
    require_text(c.item.title, "证据名称")
    for digest in c.item.file_sm3:
        check_sm3(digest)
    if c.item.kind in (EvidenceKind.ELECTRONIC, EvidenceKind.AUDIOVISUAL):
        if not c.item.file_sm3:
            raise refuse(
                "file_required",
                "视听资料和电子数据须附原始载体或复制件文件（程序规定第二十五条、第二十六条）",
            )
        require_text(c.item.source, "制作方法、制作时间、制作人等说明")
    return [
        ev.EvidenceAdded(
            by=ctx.by,
            on=ctx.today,
            item=c.item,
            collected_on=c.collected_on,
            collectors=(ctx.by, c.co_handler_id),
        )
    ]


def preserve_evidence(ctx: Ctx, c: cmd.PreserveEvidence) -> list[ev.Event]:
    """先行登记保存 approved by the head (第三十三条)."""
    require_stage(ctx, {Stage.CLUE, Stage.INVESTIGATION}, "先行登记保存证据")
    if any(
        done is None and ctx.today <= ctx.calendar.add_working_days(start, 7)
        for start, done in ctx.case.preservations
    ):
        raise refuse("preservation_open", "尚有未处理的先行登记保存措施")
    check_date(ctx, c.preserved_on, "保存日期", not_before=ctx.case.discovered_on, after_label="发现线索日期")
    items = require_text(c.items, "保存物品清单")
    return [
        ev.EvidencePreserved(by=ctx.by, on=ctx.today, items=items, preserved_on=c.preserved_on, docno=c.docno)
    ]


def handle_preservation(ctx: Ctx, c: cmd.HandlePreservation) -> list[ev.Event]:
    """Measures within 7 working days, else the preservation lapses by itself (第三十五条)."""
    if not ctx.case.preservations or ctx.case.preservations[-1][1] is not None:
        raise refuse("no_preservation", "没有待处理的先行登记保存措施")
    start = ctx.case.preservations[-1][0]
    check_date(ctx, c.handled_on, "处理日期", not_before=start, after_label="保存日期")
    if c.handled_on > ctx.calendar.add_working_days(start, 7):
        raise refuse(
            "preservation_lapsed", "超过七个工作日未采取措施，先行登记保存已自动解除（程序规定第三十五条）"
        )
    measure = require_text(c.measure, "处理措施")
    return [ev.PreservationHandled(by=ctx.by, on=ctx.today, measure=measure, handled_on=c.handled_on)]


def submit_report(ctx: Ctx, c: cmd.SubmitReport) -> list[ev.Event]:
    """调查终结报告 with facts, proposal, basis and the discretion reasons (第四十八条)."""
    require_stage(ctx, {Stage.INVESTIGATION}, "提交调查终结报告")
    if ctx.case.evidence_count == 0:
        raise refuse("no_evidence", "尚未收集任何证据，不能调查终结（行政处罚法第四十条）")
    if any(p.kind is PauseKind.TESTING and p.end is None for p in ctx.case.pauses):
        raise refuse("testing_running", "检测、检验、检疫、鉴定尚未结束，不能调查终结")
    facts = require_text(c.facts, "调查认定的事实")
    reasons = require_text(c.discretion_reasons, "自由裁量的理由（程序规定第四十八条第六项）", min_len=8)
    if reasons in EMPTY_REASONS:
        raise refuse("text_required", "调查终结报告须写明自由裁量的理由（程序规定第四十八条第六项）")
    if (c.proposed_outcome is Outcome.PENALTY) != (c.proposal is not None):
        raise refuse("proposal_mismatch", "建议给予行政处罚时须写明拟处罚内容，其他处理意见不得附拟处罚内容")
    if c.proposed_outcome in (Outcome.PENALTY, Outcome.NO_PENALTY) and not [
        b for b in c.legal_basis if b.strip()
    ]:
        raise refuse("basis_required", "处理意见须写明法律依据（程序规定第四十八条第五项）")
    if MajorGround.HEARING_HELD in c.major_grounds:
        raise refuse("bad_major_ground", "“经过听证程序”在听证结束后自动认定")
    departure = _departure_reason(c)
    return [
        ev.InvestigationReported(
            by=ctx.by,
            on=ctx.today,
            facts=facts,
            proposed_outcome=c.proposed_outcome,
            proposal=c.proposal,
            discretion_reasons=reasons,
            legal_basis=tuple(b.strip() for b in c.legal_basis if b.strip()),
            major_grounds=c.major_grounds,
            suggestion=c.suggestion,
            departure_reason=departure,
        )
    ]


def _departure_reason(c: cmd.SubmitReport) -> str:
    """A proposal that departs from the assistant's suggestion states why (行政处罚法第三十四条: 裁量基准)."""
    reason = c.departure_reason.strip()
    if c.suggestion is None:
        if reason:
            raise refuse("departure_without_suggestion", "未附智能助手的裁量建议，不能填写偏离建议的理由")
        return ""
    if adherence(c.suggestion, c.proposed_outcome, c.proposal) is Adherence.DEPARTED and (
        len(reason) < MIN_DEPARTURE_REASON or reason in EMPTY_REASONS
    ):
        what = departure_summary(c.suggestion, c.proposed_outcome, c.proposal)
        raise refuse(
            "departure_reason_required",
            f"拟处罚意见偏离智能助手的裁量建议（{what}），须写明偏离的理由（不少于{MIN_DEPARTURE_REASON}字）",
        )
    return reason

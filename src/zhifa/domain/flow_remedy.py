"""行政复议 / 行政诉讼 against the decision; 查封 / 扣押 with its 30 + 30-day term (行政强制法 第二十五条)."""

from __future__ import annotations

from zhifa.domain import remedies as rm
from zhifa.domain.checks import Ctx, check_date, require_stage, require_text
from zhifa.domain.deadlines_remedy import SEIZURE_EXTENSION_MAX, seizure_due
from zhifa.domain.enforcement import pending_appeal
from zhifa.domain.refusals import refuse
from zhifa.domain.serde import Event
from zhifa.domain.stages import PRE_DECISION, Stage

AFTER_DECISION = {Stage.DECIDED, Stage.EXECUTION, Stage.PENDING_CLOSE, Stage.CLOSED}
SEIZURE_STAGES = PRE_DECISION | {Stage.CLUE, Stage.SUSPENDED}


def record_appeal(ctx: Ctx, c: rm.RecordAppeal) -> list[Event]:
    """The party applied for 复议 or sued; one at a time (行政诉讼法 第四十四条)."""
    require_stage(ctx, AFTER_DECISION, f"登记{c.kind.label}")
    case = ctx.case
    if case.decision is None:
        raise refuse("decision_missing", "尚未作出处理决定")
    pending = pending_appeal(case)
    if pending is not None:
        raise refuse(
            "appeal_pending",
            f"当事人于{pending.filed_on.isoformat()}提出的{pending.kind.label}尚未审结，请先登记其结果",
        )
    if any(a.kind is rm.AppealKind.LITIGATION and a.concluded_on for a in case.appeals):
        raise refuse("appeal_concluded", "行政诉讼已经审结，不能再登记复议或者诉讼")
    check_date(ctx, c.filed_on, "申请（起诉）日期", not_before=case.decision.on, after_label="决定日期")
    body = require_text(c.body, "复议机关或者人民法院")
    return [
        rm.AppealFiled(
            by=ctx.by, on=ctx.today, kind=c.kind, filed_on=c.filed_on, body=body, note=c.note.strip()
        )
    ]


def record_appeal_outcome(ctx: Ctx, c: rm.RecordAppealOutcome) -> list[Event]:
    """The 复议决定 or judgment ending the pending 复议 or 诉讼."""
    pending = pending_appeal(ctx.case)
    if pending is None or pending.kind is not c.kind:
        raise refuse("no_pending_appeal", f"本案没有尚未审结的{c.kind.label}")
    check_date(ctx, c.concluded_on, "审结日期", not_before=pending.filed_on, after_label="申请（起诉）日期")
    return [
        rm.AppealConcluded(
            by=ctx.by,
            on=ctx.today,
            kind=c.kind,
            concluded_on=c.concluded_on,
            result=c.result,
            note=c.note.strip(),
        )
    ]


def active_seizure(ctx: Ctx) -> rm.Seizure | None:
    """The 查封/扣押 not yet lifted."""
    return next((s for s in ctx.case.seizures if s.lifted_on is None), None)


def impose_seizure(ctx: Ctx, c: rm.ImposeSeizure) -> list[Event]:
    """查封、扣押 approved by the head (行政强制法 第十八条)."""
    require_stage(ctx, SEIZURE_STAGES, "实施查封、扣押")
    if active_seizure(ctx) is not None:
        raise refuse("seizure_active", "本案已有尚未解除的查封、扣押，请先解除或者延长")
    check_date(
        ctx, c.seized_on, "查封、扣押日期", not_before=ctx.case.discovered_on, after_label="发现线索日期"
    )
    items = require_text(c.items, "场所、设施或者财物清单")
    return [rm.SeizureImposed(by=ctx.by, on=ctx.today, seized_on=c.seized_on, items=items, docno=c.docno)]


def extend_seizure(ctx: Ctx, c: rm.ExtendSeizure) -> list[Event]:
    """Once, by at most 30 days, decided before the term ends (行政强制法 第二十五条第一款)."""
    seizure = active_seizure(ctx)
    if seizure is None:
        raise refuse("no_seizure", "本案没有尚未解除的查封、扣押")
    if seizure.extended_days:
        raise refuse("seizure_extended_once", "查封、扣押期限只能延长一次（行政强制法第二十五条第一款）")
    if not 1 <= c.days <= SEIZURE_EXTENSION_MAX:
        raise refuse("bad_days", "延长期限不得超过三十日（行政强制法第二十五条第一款）")
    due = seizure_due(ctx.case, seizure, ctx.calendar, ctx.today)
    if ctx.today > due:
        raise refuse(
            "seizure_expired",
            f"查封、扣押期限已于{due.isoformat()}届满，应当及时解除（行政强制法第二十八条）",
        )
    reason = require_text(c.reason, "延长理由（情况复杂）")
    return [rm.SeizureExtended(by=ctx.by, on=ctx.today, days=c.days, reason=reason, docno=c.docno)]


def lift_seizure(ctx: Ctx, c: rm.LiftSeizure) -> list[Event]:
    """解除查封、扣押 (行政强制法 第二十八条)."""
    seizure = active_seizure(ctx)
    if seizure is None:
        raise refuse("no_seizure", "本案没有尚未解除的查封、扣押")
    check_date(ctx, c.lifted_on, "解除日期", not_before=seizure.seized_on, after_label="查封、扣押日期")
    reason = require_text(c.reason, "解除理由")
    return [rm.SeizureLifted(by=ctx.by, on=ctx.today, lifted_on=c.lifted_on, reason=reason, docno=c.docno)]

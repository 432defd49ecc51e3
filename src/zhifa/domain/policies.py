"""Who may do what: the role of each command, the handler-of-this-case rule, and the scope check."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.domain import commands as cmd
from zhifa.domain import intake as ik
from zhifa.domain import records as rc
from zhifa.domain import remedies as rm
from zhifa.domain.actors import Actor, Role
from zhifa.domain.refusals import ActionForbidden, CaseNotVisible
from zhifa.domain.state import Case


@dataclass(frozen=True)
class ActionRule:
    """Who may issue a command: one of `roles`; `own_case` = must be an assigned handler of this case."""

    action: str
    roles: frozenset[Role]
    own_case: bool = False
    basis: str = ""

    @property
    def who(self) -> str:
        """Chinese description of who may act."""
        names = "或".join(sorted(r.label for r in self.roles))
        return f"本案{names}" if self.own_case else names


H, V, B = frozenset({Role.HANDLER}), frozenset({Role.REVIEWER}), frozenset({Role.HEAD})
HB = H | B

RULES: dict[type[cmd.Command], ActionRule] = {
    cmd.RegisterClue: ActionRule("登记案件线索", H, basis="程序规定第十八条"),
    cmd.ExtendClueCheck: ActionRule("延长核查期限", B, basis="程序规定第十八条"),
    cmd.PauseClock: ActionRule("登记检测鉴定期间", H, basis="程序规定第十八条第二款、第六十四条第二款"),
    cmd.ResumeClock: ActionRule("登记检测鉴定结束", H),
    cmd.FileCase: ActionRule("批准立案", B, basis="程序规定第十八条、第十九条"),
    cmd.DeclineFiling: ActionRule("批准不予立案", B, basis="程序规定第二十条"),
    cmd.AssignHandlers: ActionRule("变更办案人员", B, basis="程序规定第四条、第十九条"),
    cmd.AddEvidence: ActionRule("收集证据", H, own_case=True, basis="程序规定第二十二条"),
    cmd.PreserveEvidence: ActionRule("批准先行登记保存", B, basis="程序规定第三十三条"),
    cmd.HandlePreservation: ActionRule("处理先行登记保存证据", B, basis="程序规定第三十五条"),
    cmd.SubmitReport: ActionRule("提交调查终结报告", H, own_case=True, basis="程序规定第四十八条"),
    cmd.SignReview: ActionRule("签署审核意见", V, basis="程序规定第四十九条至第五十四条"),
    cmd.ApprovePenalty: ActionRule("批准拟处罚意见", B, basis="程序规定第五十六条"),
    cmd.IssueNotice: ActionRule("制发行政处罚告知书", H, own_case=True, basis="程序规定第五十七条"),
    cmd.ServeDocument: ActionRule("送达文书", H, own_case=True, basis="程序规定第八十一条、第八十二条"),
    cmd.RecordStatement: ActionRule("记录陈述申辩", H, own_case=True, basis="程序规定第五十八条"),
    cmd.RequestHearing: ActionRule("登记听证申请", H, own_case=True, basis="听证办法第七条"),
    cmd.AppointPresider: ActionRule("指定听证主持人", B, basis="听证办法第十一条"),
    cmd.HoldHearing: ActionRule("提交听证报告", V | B | H, basis="听证办法第二十九条"),
    cmd.RecordCollectiveDiscussion: ActionRule("记录集体讨论", B, basis="程序规定第六十条第二款"),
    cmd.IssueDecision: ActionRule("作出处理决定", B, basis="程序规定第六十条"),
    cmd.PublishDecision: ActionRule("公示行政处罚信息", HB, basis="行政处罚信息公示规定第九条"),
    cmd.RecordPayment: ActionRule("登记缴款", H, own_case=True, basis="程序规定第七十二条"),
    cmd.ApproveInstalments: ActionRule("批准分期缴纳", B, basis="程序规定第七十四条"),
    cmd.ApproveDeferral: ActionRule("批准延期缴纳", B, basis="程序规定第七十四条"),
    cmd.ApplyEnforcement: ActionRule("申请强制执行", B, basis="程序规定第七十六条"),
    cmd.SuspendCase: ActionRule("批准中止调查", B, basis="程序规定第四十六条"),
    cmd.ResumeCase: ActionRule("恢复调查", B, basis="程序规定第四十六条第二款"),
    cmd.TerminateCase: ActionRule("批准终止调查", B, basis="程序规定第四十七条"),
    cmd.TransferCase: ActionRule("批准移送", B, basis="程序规定第十四条、第十七条"),
    cmd.ExtendDeadline: ActionRule("批准延长期限", B, basis="程序规定第五十五条、第六十四条"),
    cmd.CloseCase: ActionRule("批准结案", B, basis="程序规定第七十七条"),
    cmd.ArchiveCase: ActionRule("立卷归档", H, basis="程序规定第七十八条"),
    cmd.IssueSummaryPenalty: ActionRule("当场作出行政处罚决定", H, basis="行政处罚法第五十一条、第五十二条"),
    cmd.FileSummaryRecords: ActionRule("简易程序材料交部门归档", H, own_case=True, basis="程序规定第七十条"),
    cmd.HandOverCash: ActionRule(
        "当场收缴的罚款交至部门", H, own_case=True, basis="行政处罚法第七十一条；程序规定第七十三条"
    ),
    cmd.RecordCorrection: ActionRule("更正记录", HB, basis="原记录保留，更正另行记录并留痕"),
    rm.RecordAppeal: ActionRule("登记复议或诉讼", HB, basis="行政处罚法第七条、第七十三条"),
    rm.RecordAppealOutcome: ActionRule("登记复议或诉讼结果", HB, basis="行政处罚法第七条"),
    rm.ImposeSeizure: ActionRule("批准查封、扣押", B, basis="行政强制法第十八条；程序规定第三十六条"),
    rm.ExtendSeizure: ActionRule("批准延长查封、扣押期限", B, basis="行政强制法第二十五条"),
    rm.LiftSeizure: ActionRule("批准解除查封、扣押", B, basis="行政强制法第二十八条"),
    rc.InspectSite: ActionRule("制作现场笔录", H, basis="程序规定第二十八条"),
    rc.RecordInquiry: ActionRule("制作询问笔录", H, basis="程序规定第二十九条"),
    rc.ConfirmAddress: ActionRule("登记送达地址确认书", H, basis="程序规定第八十二条、第八十三条"),
    rc.OrderCorrection: ActionRule("责令改正", HB, basis="行政处罚法第二十八条"),
    rc.ScheduleHearing: ActionRule("制发听证通知书", V | B | H, basis="听证办法第二十条"),
    rc.RecordHearing: ActionRule("制作听证笔录", V | B | H, basis="听证办法第二十八条"),
    rc.RemindPayment: ActionRule("制发履行催告书", HB, basis="行政强制法第三十五条、第五十四条"),
    ik.AcceptIntake: ActionRule("受理推送线索", HB, basis="程序规定第十八条"),
    ik.RerouteIntake: ActionRule("移送有管辖权的机构", B, basis="程序规定第十四条"),
}

CREATING: tuple[type[cmd.Command], ...] = (cmd.RegisterClue, cmd.IssueSummaryPenalty)


def rule_for(command: cmd.Command) -> ActionRule:
    """The rule of a command type."""
    return RULES[type(command)]


def check_scope(case: Case, command: cmd.Command, actor: Actor) -> None:
    """Missing case or a case outside the actor's subtree → the same NotFound-type refusal."""
    if isinstance(command, cmd.RegisterClue | cmd.IssueSummaryPenalty):
        path = command.agency_path
        if case.exists or not actor.covers(path):
            raise CaseNotVisible()
        return
    if not case.exists or not actor.covers(case.agency_path):
        raise CaseNotVisible()


def check_role(case: Case, command: cmd.Command, actor: Actor) -> None:
    """Refuse when the actor lacks the role, or is not a handler of this case where that is required."""
    rule = rule_for(command)
    if not any(actor.has(role) for role in rule.roles):
        raise ActionForbidden("role_not_allowed", f"“{rule.action}”须由{rule.who}办理")
    if rule.own_case and actor.user_id not in case.handler_ids:
        raise ActionForbidden("not_case_handler", f"“{rule.action}”须由本案办案人员办理")


def authorize(case: Case, command: cmd.Command, actor: Actor) -> ActionRule:
    """Scope first (so outsiders learn nothing), then role; returns the rule."""
    check_scope(case, command, actor)
    check_role(case, command, actor)
    return rule_for(command)

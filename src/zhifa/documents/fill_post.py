"""Field builders from the decision on: decisions, service, payment, enforcement, transfer, closing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from zhifa.documents.facts import CaseFacts, cn_date, money, officers_text, penalty_text, plain
from zhifa.documents.fill import _report, _signed, not_available
from zhifa.domain import events as ev
from zhifa.domain import records as rc
from zhifa.domain.grounds import Outcome
from zhifa.domain.options import DocKind, TransferTarget


def _statements(f: CaseFacts) -> str:
    """How the party's statement was handled (程序规定 第六十二条第一款第四项)."""
    if f.last(ev.NoticeIssued) is None:
        return ""
    hearing = f.last(ev.HearingHeld)
    said = [s for _, s in f.all(ev.StatementRecorded)]
    if not said:
        text = "当事人在法定期限内未提出陈述、申辩，视为放弃陈述、申辩权利。"
    else:
        text = "".join(
            "当事人明确放弃陈述、申辩权利。"
            if s.kind.value == "waiver"
            else f"当事人提出陈述、申辩：{s.summary}。"
            for s in said
        )
    if hearing is not None:
        text += f"本局于{cn_date(hearing.held_on)}组织听证（{hearing.outcome.label}）。"
    return text


def _decision(f: CaseFacts, title: str, outcomes: set[Outcome]) -> ev.DecisionIssued:
    e = f.last(ev.DecisionIssued)
    if e is None or e.outcome not in outcomes or f.case.summary_procedure:
        raise not_available(title, f"没有{title.removesuffix('书')}")
    return e


def penalty_decision(f: CaseFacts) -> dict[str, Any]:
    """行政处罚决定书 (行政处罚法 第五十九条; 程序规定 第六十二条)."""
    e = _decision(f, "行政处罚决定书", {Outcome.PENALTY})
    report = _report(f, "行政处罚决定书")
    notice = f.last(ev.NoticeIssued)
    return _signed(
        f,
        e,
        docno=e.docno,
        facts=plain(report.facts),
        penalty=penalty_text(e.penalty),
        reasoning="。".join(t.rstrip("。") for t in (report.discretion_reasons, e.reasons) if t) + "。",
        provisions=f.provision_list(report.legal_basis),
        statements=_statements(f),
        notice_docno=notice.docno if notice else "",
        notice_date=cn_date(notice.on) if notice else "",
        pays=bool(e.penalty and e.penalty.money_due > 0),
    )


def no_penalty_decision(f: CaseFacts) -> dict[str, Any]:
    """不予行政处罚决定书 (行政处罚法 第三十三条; 程序规定 第六十条第一款第二项、第三项)."""
    e = _decision(f, "不予行政处罚决定书", {Outcome.NO_PENALTY, Outcome.NOT_ESTABLISHED})
    report = _report(f, "不予行政处罚决定书")
    ground = e.no_penalty_ground.label if e.no_penalty_ground else e.outcome.label
    return _signed(
        f,
        e,
        docno=e.docno,
        facts=plain(report.facts),
        reasons=e.reasons,
        ground=ground,
        provisions=f.provision_list(report.legal_basis),
        statements=_statements(f),
    )


def summary_decision(f: CaseFacts) -> dict[str, Any]:
    """当场行政处罚决定书 (行政处罚法 第五十一条、第五十二条; 程序规定 第六十六条至第六十八条)."""
    e = f.last(ev.SummaryPenaltyIssued)
    if e is None:
        raise not_available("当场行政处罚决定书", "不是简易程序案件")
    return _signed(
        f,
        e,
        docno=e.docno,
        facts=e.violation,
        place=e.place,
        act_date=cn_date(e.act_date),
        penalty=penalty_text(e.penalty),
        provisions=f.provision_list([e.basis]),
        officers=officers_text(e.officers),
        pays=e.penalty.money_due > 0 and not e.collection.on_the_spot,
        statement=e.statement,
        collected=e.penalty.money_due > 0 and e.collection.on_the_spot,
        collection=e.collection.label.removeprefix("当场收缴："),
        receipt_no=e.receipt_no,
        signature=_party_signature(e),
    )


def _party_signature(e: ev.SummaryPenaltyIssued) -> str:
    """The party's signature as recorded: on the officer's device (its SM3 in the signed event) or refused."""
    if e.party_signature_sm3:
        return f"已在执法终端上签名（签名图像 SM3：{e.party_signature_sm3}）"
    if e.refusal_note:
        return f"拒绝签名（{e.refusal_note}）"
    return ""


def _served_name(f: CaseFacts, s: ev.DocumentServed) -> str:
    if s.document is DocKind.NOTICE and (n := f.last(ev.NoticeIssued)):
        return f"行政处罚告知书（{n.docno}）"
    if s.document is DocKind.DECISION and (d := f.last(ev.DecisionIssued)):
        title = "行政处罚决定书" if d.outcome is Outcome.PENALTY else "不予行政处罚决定书"
        return f"{title}（{d.docno}）"
    if s.document is DocKind.HEARING_NOTICE and (h := f.last(rc.HearingScheduled)) and h.docno:
        return f"行政处罚听证通知书（{h.docno}）"
    return s.document.label


def service_receipt(f: CaseFacts) -> dict[str, Any]:
    """送达回证 (程序规定 第八十二条): one row per document served."""
    served = f.all(ev.DocumentServed)
    if not served:
        raise not_available("送达回证", "尚未送达任何文书")
    rows = [
        {
            "document": _served_name(f, s),
            "method": s.method.label,
            "served_on": cn_date(s.served_on),
            "server": f.name(s.by),
            "note": "；".join(x for x in (s.address_confirmation, s.proof, s.reason) if x),
        }
        for _, s in served
    ]
    return _signed(f, served[-1][1], rows=rows)


def payment_notice(f: CaseFacts) -> dict[str, Any]:
    """延期/分期缴纳罚款通知书 (行政处罚法 第六十六条第二款; 程序规定 第七十四条)."""
    pick = [(s, e) for s, e in f.events if isinstance(e, ev.DeferralApproved | ev.InstalmentApproved)]
    if not pick:
        raise not_available("延期/分期缴纳罚款通知书", "没有批准延期或者分期缴纳罚款")
    e = pick[-1][1]
    decision = f.last(ev.DecisionIssued)
    if isinstance(e, ev.DeferralApproved):
        plan, title = f"延期至{cn_date(e.new_due)}前缴纳{money(f.case.money_due)}", "延期缴纳罚款通知书"
    else:
        plan = "；".join(f"第{i}期：{cn_date(d)}前缴纳{money(a)}" for i, (d, a) in enumerate(e.schedule, 1))
        title = "分期缴纳罚款通知书"
    return _signed(
        f,
        e,
        doc_title=title,
        plan=plan,
        applied_on=cn_date(e.applied_on),
        decision_docno=decision.docno if decision else "",
    )


def enforcement_application(f: CaseFacts) -> dict[str, Any]:
    """强制执行申请书 (行政处罚法 第七十二条; 行政强制法 第五十三条至第五十五条; 程序规定 第七十六条)."""
    e = f.last(ev.EnforcementApplied)
    if e is None:
        raise not_available("强制执行申请书", "尚未申请人民法院强制执行")
    d = f.case.decision
    due = f.case.schedule[-1][0] if f.case.schedule else None
    return _signed(
        f,
        e,
        court=e.court,
        reminder_served_on=cn_date(e.reminder_served_on),
        decision_docno=d.docno if d else "",
        decision_date=cn_date(d.on if d else None),
        penalty=penalty_text(d.penalty if d else None),
        served_on=cn_date(f.case.decision_served_on),
        due=cn_date(due),
        paid=money(f.case.paid),
        unpaid=money(max(f.case.money_due - f.case.paid, Decimal(0))),
    )


def _transfer(f: CaseFacts, title: str, police: bool) -> dict[str, Any]:
    t = f.last(ev.CaseTransferred)
    d = f.last(ev.DecisionIssued)
    if t is not None and (t.target is TransferTarget.POLICE) == police:
        return _signed(f, t, recipient=t.recipient, reason=t.reason, team=officers_text(t.team), docno="")
    wanted = Outcome.TRANSFER_JUDICIARY if police else Outcome.TRANSFER_AGENCY
    if d is not None and d.outcome is wanted:
        return _signed(
            f, d, recipient=d.transfer_to, reason=d.reasons, team=f.base()["handlers"], docno=d.docno
        )
    raise not_available(title, "没有相应的移送决定")


def transfer_letter(f: CaseFacts) -> dict[str, Any]:
    """案件移送函 (程序规定 第十四条、第十七条第一款)."""
    return _transfer(f, "案件移送函", police=False)


def crime_transfer(f: CaseFacts) -> dict[str, Any]:
    """涉嫌犯罪案件移送书 (行政执法机关移送涉嫌犯罪案件的规定 第六条; 程序规定 第十七条第二款)."""
    return _transfer(f, "涉嫌犯罪案件移送书", police=True)


def closing_approval(f: CaseFacts) -> dict[str, Any]:
    """结案审批表 (程序规定 第七十七条)."""
    e = f.last(ev.CaseClosed)
    if e is None:
        raise not_available("结案审批表", "尚未批准结案")
    c = f.case
    d = c.decision
    execution = f"已缴纳{money(c.paid)}" if c.paid else "无需缴纳款项"
    if c.late_fee_paid:
        execution += f"，加处罚款{money(c.late_fee_paid)}"
    return _signed(
        f,
        e,
        ground=e.ground.label,
        note=e.note,
        decision_docno=d.docno if d else "",
        decision_date=cn_date(d.on if d else None),
        outcome=d.outcome.label if d else "",
        penalty=penalty_text(d.penalty if d else None),
        execution=execution,
        due_end=cn_date((c.decision_served_on + timedelta(days=15)) if c.decision_served_on else None),
    )

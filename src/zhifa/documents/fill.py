"""Field builders, one per document kind: each reads its source events from the ledger or refuses with
`document_not_available` when the case has not produced them yet (nothing is ever typed in here)."""

from __future__ import annotations

from typing import Any

from zhifa.documents.facts import CaseFacts, cn_date, officers_text, penalty_text, plain
from zhifa.domain import events as ev
from zhifa.errors import ValidationFailed


def not_available(title: str, reason: str) -> ValidationFailed:
    """The Chinese refusal for a document the case cannot fill yet."""
    return ValidationFailed(
        f"本案{reason}，暂不能制作《{title}》", code="document_not_available", details={"document": title}
    )


def _signed(f: CaseFacts, e: ev.Event, **fields: Any) -> dict[str, Any]:
    return {**f.base(), "date": cn_date(e.on), "signer": f.name(e.by), **fields}


def case_source(f: CaseFacts) -> dict[str, Any]:
    """案件来源登记表 from ClueRegistered."""
    e = f.last(ev.ClueRegistered)
    if e is None:
        raise not_available("案件来源登记表", "没有登记案件线索")
    return _signed(f, e, registrar=f.name(e.by))


def filing_approval(f: CaseFacts) -> dict[str, Any]:
    """立案审批表 from CaseFiled (程序规定 第十九条)."""
    e = f.last(ev.CaseFiled)
    if e is None:
        raise not_available("立案审批表", "尚未批准立案")
    return _signed(f, e, docno=e.docno, handlers=officers_text(e.handlers), major=bool(e.major_grounds))


def filing_declined(f: CaseFacts) -> dict[str, Any]:
    """不予立案审批表 from FilingDeclined (程序规定 第二十条)."""
    e = f.last(ev.FilingDeclined)
    if e is None:
        raise not_available("不予立案审批表", "没有不予立案的决定")
    return _signed(f, e, ground=e.ground.label, reason=e.reason)


def _report(f: CaseFacts, title: str) -> ev.InvestigationReported:
    e = f.case.report or f.last(ev.InvestigationReported)
    if e is None:
        raise not_available(title, "尚未提交调查终结报告")
    return e


def investigation_report(f: CaseFacts) -> dict[str, Any]:
    """案件调查终结报告 (程序规定 第四十八条), with the discretion reasons."""
    e = _report(f, "案件调查终结报告")
    return _signed(
        f,
        e,
        facts=plain(e.facts),
        outcome=e.proposed_outcome.label,
        proposal=penalty_text(e.proposal),
        discretion_reasons=e.discretion_reasons,
        provisions=f.provision_list(e.legal_basis),
    )


def review_form(f: CaseFacts) -> dict[str, Any]:
    """案件审核表 / 法制审核表 from the latest ReviewSigned (程序规定 第四十九条至第五十五条)."""
    e = f.last(ev.ReviewSigned)
    if e is None:
        raise not_available("案件审核表", "尚无审核意见")
    report = _report(f, "案件审核表")
    return _signed(
        f,
        e,
        doc_title=f"{e.kind.label}表",
        review_kind=e.kind.label,
        opinion=e.opinion.label,
        comments=e.comments,
        facts=plain(report.facts),
        proposal=penalty_text(report.proposal),
        provisions=f.provision_list(report.legal_basis),
    )


def penalty_notice(f: CaseFacts) -> dict[str, Any]:
    """行政处罚告知书 (行政处罚法 第四十四条、第四十五条、第六十三条; 程序规定 第五十七条)."""
    e = f.case.notice or f.last(ev.NoticeIssued)
    if e is None:
        raise not_available("行政处罚告知书", "尚未制发行政处罚告知书")
    report = _report(f, "行政处罚告知书")
    return _signed(
        f,
        e,
        docno=e.docno,
        facts=plain(report.facts),
        penalty=penalty_text(e.penalty),
        hearing_right=e.hearing_right,
        discretion_reasons=report.discretion_reasons,
        provisions=f.provision_list(report.legal_basis),
    )


def hearing_report(f: CaseFacts) -> dict[str, Any]:
    """听证报告 (市场监督管理行政处罚听证办法 第二十九条)."""
    e = f.last(ev.HearingHeld)
    if e is None:
        raise not_available("听证报告", "尚未举行听证")
    presider = f.case.presider.name if f.case.presider else f.name(e.by)
    return _signed(
        f, e, presider=presider, held_on=cn_date(e.held_on), outcome=e.outcome.label, report=e.report
    )


def discussion_record(f: CaseFacts) -> dict[str, Any]:
    """行政处罚案件集体讨论记录 (行政处罚法 第五十七条第二款; 程序规定 第六十条)."""
    e = f.last(ev.CollectiveDiscussionRecorded)
    if e is None:
        raise not_available("行政处罚案件集体讨论记录", "没有集体讨论记录")
    report = _report(f, "行政处罚案件集体讨论记录")
    return _signed(
        f,
        e,
        participants="、".join(e.participants),
        conclusion=e.conclusion,
        held_on=cn_date(e.discussed_on),
        facts=plain(report.facts),
        proposal=penalty_text(report.proposal),
    )

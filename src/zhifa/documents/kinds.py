"""The document kinds (市场监督管理行政处罚文书格式范本) this system fills from the ledger, with their place
in the dossier (程序规定 第七十八条) and the builder that reads the fields from the case's events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zhifa.documents import fill, fill_measures, fill_post, fill_records
from zhifa.documents.facts import CaseFacts
from zhifa.domain import events as ev
from zhifa.domain import records as rc
from zhifa.errors import ValidationFailed

MAIN, SIDE = "正卷", "副卷"


@dataclass(frozen=True)
class DocumentKind:
    """One kind: code, Chinese title, stage, dossier volume and position, and its field builder."""

    code: str
    title: str
    stage: str
    volume: str
    section: int  # position of its group in the volume (程序规定 第七十八条第二款、第三款)
    build: Callable[[CaseFacts], dict[str, Any]]


KINDS: dict[str, DocumentKind] = {
    k.code: k
    for k in (
        DocumentKind("case_source", "案件来源登记表", "线索核查", SIDE, 1, fill.case_source),
        DocumentKind("filing_approval", "立案审批表", "立案", MAIN, 1, fill.filing_approval),
        DocumentKind("filing_declined", "不予立案审批表", "立案", MAIN, 1, fill.filing_declined),
        DocumentKind("site_record", "现场笔录", "调查取证", MAIN, 4, fill_records.site_record),
        DocumentKind("inquiry_record", "询问笔录", "调查取证", MAIN, 4, fill_records.inquiry_record),
        DocumentKind(
            "address_confirmation", "送达地址确认书", "送达", MAIN, 3, fill_records.address_confirmation
        ),
        DocumentKind(
            "correction_order", "责令改正通知书", "调查取证", MAIN, 3, fill_records.correction_order
        ),
        DocumentKind("evidence_list", "证据提取单", "调查取证", MAIN, 4, fill_measures.evidence_list),
        DocumentKind(
            "preservation_notice",
            "先行登记保存证据通知书",
            "调查取证",
            MAIN,
            3,
            fill_measures.preservation_notice,
        ),
        DocumentKind(
            "preservation_decision",
            "先行登记保存证据处理决定书",
            "调查取证",
            MAIN,
            3,
            fill_measures.preservation_decision,
        ),
        DocumentKind(
            "seizure_decision", "实施行政强制措施决定书", "调查取证", MAIN, 3, fill_measures.seizure_decision
        ),
        DocumentKind(
            "seizure_extension",
            "延长行政强制措施期限决定书",
            "调查取证",
            MAIN,
            3,
            fill_measures.seizure_extension,
        ),
        DocumentKind(
            "seizure_release", "解除行政强制措施决定书", "调查取证", MAIN, 3, fill_measures.seizure_release
        ),
        DocumentKind(
            "investigation_report", "案件调查终结报告", "调查终结", SIDE, 2, fill.investigation_report
        ),
        DocumentKind("review_form", "案件审核表", "审核", SIDE, 3, fill.review_form),
        DocumentKind("penalty_notice", "行政处罚告知书", "告知", MAIN, 3, fill.penalty_notice),
        DocumentKind("statement_record", "陈述申辩笔录", "告知", MAIN, 3, fill_measures.statement_record),
        DocumentKind("hearing_notice", "行政处罚听证通知书", "听证", MAIN, 3, fill_records.hearing_notice),
        DocumentKind("hearing_record", "听证笔录", "听证", MAIN, 5, fill_records.hearing_record),
        DocumentKind("hearing_report", "听证报告", "听证", SIDE, 4, fill.hearing_report),
        DocumentKind(
            "discussion_record", "行政处罚案件集体讨论记录", "决定", SIDE, 6, fill.discussion_record
        ),
        DocumentKind("penalty_decision", "行政处罚决定书", "决定", MAIN, 2, fill_post.penalty_decision),
        DocumentKind(
            "no_penalty_decision", "不予行政处罚决定书", "决定", MAIN, 2, fill_post.no_penalty_decision
        ),
        DocumentKind(
            "summary_decision", "当场行政处罚决定书", "简易程序", MAIN, 2, fill_post.summary_decision
        ),
        DocumentKind("service_receipt", "送达回证", "送达", MAIN, 2, fill_post.service_receipt),
        DocumentKind("payment_notice", "延期/分期缴纳罚款通知书", "执行", MAIN, 3, fill_post.payment_notice),
        DocumentKind(
            "payment_reminder", "行政处罚决定履行催告书", "执行", MAIN, 3, fill_records.payment_reminder
        ),
        DocumentKind(
            "enforcement_application", "强制执行申请书", "执行", MAIN, 7, fill_post.enforcement_application
        ),
        DocumentKind("transfer_letter", "案件移送函", "移送", MAIN, 7, fill_post.transfer_letter),
        DocumentKind("crime_transfer", "涉嫌犯罪案件移送书", "移送", MAIN, 7, fill_post.crime_transfer),
        DocumentKind("closing_approval", "结案审批表", "结案", SIDE, 5, fill_post.closing_approval),
    )
}


# Kinds made once per record (several 询问笔录 in one case): code → the event each document is made from.
PER_RECORD: dict[str, type[ev.Event]] = {
    "site_record": rc.SiteInspected,
    "inquiry_record": rc.InquiryRecorded,
    "address_confirmation": rc.AddressConfirmed,
    "correction_order": rc.CorrectionOrdered,
}


def source_records(facts: CaseFacts, code: str) -> list[int]:
    """The seqs of the records a per-record kind can be made from ([] for the other kinds)."""
    tp = PER_RECORD.get(code)
    return [s for s, _ in facts.all(tp)] if tp else []


def record_label(event: ev.Event) -> str:
    """How a record a per-record kind is made from reads in a list: its day and what tells it apart."""
    if isinstance(event, rc.SiteInspected):
        return f"{event.inspected_on.isoformat()} {event.start}—{event.end} {event.place}"
    if isinstance(event, rc.InquiryRecorded):
        who = f"{event.interviewee}（{event.role.label}）"
        return f"{event.inquired_on.isoformat()} {event.start}—{event.end} {who}"
    if isinstance(event, rc.AddressConfirmed):
        return f"{event.confirmed_on.isoformat()} {event.recipient}"
    if isinstance(event, rc.CorrectionOrdered):
        return f"{event.on.isoformat()} {event.docno or event.act}"
    return event.on.isoformat()


def kind_of(code_or_title: str) -> DocumentKind:
    """The kind named by its code or its Chinese title; a Chinese error with the known ones otherwise."""
    wanted = code_or_title.strip()
    for kind in KINDS.values():
        if wanted in (kind.code, kind.title):
            return kind
    known = "、".join(f"{k.title}（{k.code}）" for k in KINDS.values())
    raise ValidationFailed(
        f"未知的文书种类“{wanted}”，可选：{known}", code="unknown_document_kind", details={"kind": wanted}
    )


def available(facts: CaseFacts) -> list[DocumentKind]:
    """The kinds this case's ledger can fill now."""
    out = []
    for kind in KINDS.values():
        try:
            kind.build(facts)
        except ValidationFailed:
            continue
        out.append(kind)
    return out

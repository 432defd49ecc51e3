"""Field builders of the measures already on the ledger: 证据提取单 (evidence taken), 先行登记保存 notice
and decision (程序规定 第三十三条至第三十五条), 查封/扣押 decisions (行政强制法 第二十四条、第二十五条、
第二十八条) and the 陈述申辩笔录 (行政处罚法 第四十五条)."""

from __future__ import annotations

from typing import Any

from zhifa.documents.facts import CaseFacts, cn_date
from zhifa.documents.fill import _signed, not_available
from zhifa.domain import events as ev
from zhifa.domain import remedies as rm
from zhifa.domain.options import StatementKind


def evidence_list(f: CaseFacts) -> dict[str, Any]:
    """证据提取单: every piece of evidence with its kind, source, date and who took it (第二十二条)."""
    taken = f.all(ev.EvidenceAdded)
    if not taken:
        raise not_available("证据提取单", "尚未收集证据")
    return _signed(f, taken[-1][1], rows=f.evidence())


def preservation_notice(f: CaseFacts) -> dict[str, Any]:
    """先行登记保存证据通知书 (程序规定 第三十三条、第三十五条)."""
    e = f.last(ev.EvidencePreserved)
    if e is None:
        raise not_available("先行登记保存证据通知书", "没有批准先行登记保存证据")
    return _signed(f, e, docno=e.docno, items=e.items, preserved_on=cn_date(e.preserved_on))


def preservation_decision(f: CaseFacts) -> dict[str, Any]:
    """先行登记保存证据处理决定书: the measure taken within seven working days (程序规定 第三十五条)."""
    e = f.last(ev.PreservationHandled)
    preserved = f.last(ev.EvidencePreserved)
    if e is None or preserved is None:
        raise not_available("先行登记保存证据处理决定书", "没有对先行登记保存的证据作出处理")
    return _signed(
        f,
        e,
        items=preserved.items,
        preserved_on=cn_date(preserved.preserved_on),
        notice_docno=preserved.docno,
        measure=e.measure,
        handled_on=cn_date(e.handled_on),
    )


def seizure_decision(f: CaseFacts) -> dict[str, Any]:
    """实施行政强制措施决定书 (查封、扣押; 行政强制法 第二十四条; 程序规定 第三十六条、第三十八条)."""
    e = f.last(rm.SeizureImposed)
    if e is None:
        raise not_available("实施行政强制措施决定书", "没有批准查封、扣押")
    return _signed(f, e, docno=e.docno, items=e.items, seized_on=cn_date(e.seized_on))


def _after_seizure(
    f: CaseFacts, tp: type[rm.SeizureExtended] | type[rm.SeizureLifted], title: str, reason: str
) -> tuple[Any, dict[str, Any]]:
    """The latest event of `tp` and the fields of the 查封/扣押 it follows."""
    found = f.all(tp)
    seized = [e for s, e in f.all(rm.SeizureImposed) if found and s < found[-1][0]]
    if not found or not seized:
        raise not_available(title, reason)
    s = seized[-1]
    return found[-1][1], {"items": s.items, "seized_on": cn_date(s.seized_on), "seizure_docno": s.docno}


def seizure_extension(f: CaseFacts) -> dict[str, Any]:
    """延长行政强制措施期限决定书 (行政强制法 第二十五条; 程序规定 第三十八条)."""
    title = "延长行政强制措施期限决定书"
    e, seized = _after_seizure(f, rm.SeizureExtended, title, "没有批准延长查封、扣押期限")
    return _signed(f, e, docno=e.docno, days=e.days, reason=e.reason, **seized)


def seizure_release(f: CaseFacts) -> dict[str, Any]:
    """解除行政强制措施决定书 (行政强制法 第二十八条)."""
    e, seized = _after_seizure(f, rm.SeizureLifted, "解除行政强制措施决定书", "没有解除查封、扣押")
    return _signed(f, e, docno=e.docno, reason=e.reason, lifted_on=cn_date(e.lifted_on), **seized)


def statement_record(f: CaseFacts) -> dict[str, Any]:
    """陈述申辩笔录: what the party stated after the notice (行政处罚法 第四十五条; 程序规定 第五十八条)."""
    said = [(s, e) for s, e in f.all(ev.StatementRecorded) if e.kind is StatementKind.STATEMENT]
    notice = f.last(ev.NoticeIssued)
    if not said or notice is None:
        raise not_available("陈述申辩笔录", "没有记录当事人的陈述、申辩")
    rows = [{"date": cn_date(e.stated_on), "summary": e.summary, "recorder": f.name(e.by)} for _, e in said]
    return _signed(f, said[-1][1], rows=rows, notice_docno=notice.docno)

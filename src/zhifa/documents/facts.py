"""What the documents read from a case: the replayed state plus the ledger's events, in Chinese text.

`CaseFacts` is built once per render from the ledger records (never from typed-in values) and offers the
pieces every template shares: agency, party, handlers, evidence, provisions with their text at the act
date, penalties in words and figures, dates in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from zhifa.domain import events as ev
from zhifa.domain import records as rc
from zhifa.domain.parties import IdKind, Party, PartyKind
from zhifa.domain.state import Case
from zhifa.domain.values import Officer, Penalty, PenaltyKind

E = TypeVar("E", bound=ev.Event)
ProvisionLookup = Callable[[str, date | None], list[tuple[str, str]]]

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_GROUPS = ["", "万", "亿", "万亿"]


def cn_date(day: date | None) -> str:
    """2026年3月4日 (GB/T 9704: Arabic figures, no padding)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "    年  月  日"


def _group(n: int) -> str:
    out, zero = "", False
    for i in range(3, -1, -1):
        d = n // 10**i % 10
        if d == 0:
            zero = bool(out)
        else:
            out += ("零" if zero else "") + _DIGITS[d] + _UNITS[i]
            zero = False
    return out


def rmb_upper(amount: Decimal) -> str:
    """Amount in capital figures as on payment documents: 3000 → 叁仟元整, 12.50 → 壹拾贰元伍角."""
    cents = int((amount * 100).quantize(Decimal("1")))
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    parts, g, text = [], 0, ""
    while yuan:
        parts.append((yuan % 10000, g))
        yuan //= 10000
        g += 1
    for i, (n, g) in enumerate(reversed(parts)):
        if n == 0:
            continue
        if i and n < 1000 and not text.endswith("零"):
            text += "零"
        text += _group(n) + _GROUPS[g]
    if jiao == 0 and fen == 0:
        return (text or "零") + "元整"
    text = text + "元" if text else ""
    return (
        text
        + (_DIGITS[jiao] + "角" if jiao else ("零" if text else ""))
        + (_DIGITS[fen] + "分" if fen else "")
    )


def plain(facts: str) -> str:
    """Facts without a leading 经查 (the templates write it themselves)."""
    return re.sub(r"^\s*经查[，,：:]?", "", facts).strip()


def money(amount: Decimal) -> str:
    """人民币3,000.00元（大写：叁仟元整）."""
    return f"人民币{amount:,.2f}元（大写：{rmb_upper(amount)}）"


def penalty_text(p: Penalty | None) -> str:
    """The penalty as a decision states it: 1. 警告；2. 没收违法所得人民币…；3. 罚款人民币…."""
    if p is None:
        return ""
    k = p.kinds
    property_value = f"（价值{money(p.confiscated_property_value)}）" if p.confiscated_property_value else ""
    parts = [
        text
        for present, text in (
            (PenaltyKind.WARNING in k, "警告"),
            (PenaltyKind.CRITICISM in k, "通报批评"),
            (PenaltyKind.CONFISCATE_INCOME in k, f"没收违法所得{money(p.confiscated_income)}"),
            (PenaltyKind.CONFISCATE_PROPERTY in k, f"没收非法财物{property_value}"),
            (PenaltyKind.FINE in k, f"罚款{money(p.fine)}"),
            (PenaltyKind.SUSPEND_BUSINESS in k, "责令停产停业"),
            (PenaltyKind.REVOKE_LICENCE in k, "吊销许可证件"),
        )
        if present
    ]
    if len(parts) == 1:
        return parts[0]
    return "；".join(f"{i}. {t}" for i, t in enumerate(parts, 1))


def party_dict(p: Party | None) -> dict[str, str]:
    """The party block of every document (name, kind, identifier, address)."""
    if p is None:
        return {"name": "", "kind": "", "id_label": "", "id_number": "", "address": ""}
    if p.kind is PartyKind.PERSON:
        label = "居民身份证号码" if p.id_kind in (None, IdKind.RESIDENT_ID) else "身份证件号码"
        number = p.id_number or ""
    else:
        label, number = "统一社会信用代码", p.uscc or ""
    return {
        "name": p.name,
        "kind": p.kind.label,
        "id_label": label,
        "id_number": number,
        "address": p.address,
    }


def officers_text(officers: Sequence[Officer]) -> str:
    """张伟（执法证号：42010001）、李娜（执法证号：…）."""
    return "、".join(f"{o.name}（执法证号：{o.credential_no or '未登记'}）" for o in officers)


@dataclass
class CaseFacts:
    """The ledger of one case, read for documents."""

    case: Case
    events: list[tuple[int, ev.Event]]
    agency_name: str
    users: dict[int, str] = field(default_factory=dict)
    provisions: ProvisionLookup | None = None
    source_seq: int = 0  # the record a per-record document (笔录) is made from; 0: the latest one

    def all(self, tp: type[E]) -> list[tuple[int, E]]:
        """Every (seq, event) of a type, in ledger order."""
        return [(s, e) for s, e in self.events if isinstance(e, tp)]

    def last(self, tp: type[E]) -> E | None:
        """The latest event of a type."""
        found = self.all(tp)
        return found[-1][1] if found else None

    def pick(self, tp: type[E]) -> E | None:
        """The record `source_seq` names when it is of this type, else the latest of the type."""
        found = self.all(tp)
        chosen = [e for s, e in found if s == self.source_seq]
        if chosen:
            return chosen[0]
        return found[-1][1] if found else None

    def name(self, user_id: int) -> str:
        """Display name of a user on the ledger."""
        return self.users.get(user_id, f"用户{user_id}")

    @property
    def review_body(self) -> str:
        """Where an administrative review goes (行政复议法 2023 第二十四条: the same-level government)."""
        name = self.agency_name
        if name.startswith("国家市场监督管理总局"):
            return "国家市场监督管理总局"
        if name.endswith("市场监督管理局"):
            return name.removesuffix("市场监督管理局") + "人民政府"
        return "本机关的本级人民政府"

    def provision_list(self, labels: Sequence[str]) -> list[dict[str, str]]:
        """Each cited provision with its text in the version in force at the act date (when known)."""
        out: list[dict[str, str]] = []
        for label in labels:
            found = self.provisions(label, self.case.act_date) if self.provisions else []
            if not found:
                out.append({"label": label, "text": ""})
            out += [{"label": lab, "text": text} for lab, text in found]
        return out

    def evidence(self) -> list[dict[str, Any]]:
        """The evidence list in ledger order — evidence taken, 现场笔录 and 询问笔录 (程序规定 第二十四条):
        number, kind, title, source, date, attached files, who took it."""
        rows: list[dict[str, Any]] = []
        for _, e in self.events:
            if isinstance(e, ev.EvidenceAdded):
                kind, title, source = e.item.kind.value, e.item.title, e.item.source
                day, files, by = e.collected_on, len(e.item.file_sm3), [self.name(u) for u in e.collectors]
            elif isinstance(e, rc.SiteInspected):
                kind, title, source = "record", f"现场笔录（{e.place}）", "现场检查"
                day, files, by = e.inspected_on, 0, [o.name for o in e.officers]
            elif isinstance(e, rc.InquiryRecorded):
                kind = "party_statement" if e.role is not rc.IntervieweeRole.WITNESS else "witness"
                title, source = f"询问笔录（{e.interviewee}，{e.role.label}）", "询问"
                day, files, by = e.inquired_on, 0, [o.name for o in e.officers]
            else:
                continue
            rows.append(
                {
                    "no": len(rows) + 1,
                    "kind": _EVIDENCE_KIND.get(kind, kind),
                    "title": title,
                    "source": source,
                    "date": cn_date(day),
                    "files": files,
                    "collectors": "、".join(by),
                }
            )
        return rows

    def base(self) -> dict[str, Any]:
        """Fields every document shares."""
        c = self.case
        filed = self.last(ev.CaseFiled)
        clue = self.last(ev.ClueRegistered)
        violation = filed.violation if filed else ""
        party = party_dict(c.party)
        return {
            "agency": self.agency_name,
            "review_body": self.review_body,
            "party": party,
            "case_title": f"{party['name']}{violation}案" if violation else (clue.summary if clue else ""),
            "violation": violation,
            "act_date": cn_date(c.act_date),
            "filed_on": cn_date(c.filed_on),
            "filing_docno": filed.docno if filed else "",
            "handlers": officers_text(c.handlers),
            "clue_source": clue.source.label if clue else "",
            "discovered_on": cn_date(clue.discovered_on if clue else None),
            "clue_summary": clue.summary if clue else "",
            "evidence": self.evidence(),
        }


_EVIDENCE_KIND = {
    "document": "书证",
    "physical": "物证",
    "audiovisual": "视听资料",
    "electronic": "电子数据",
    "witness": "证人证言",
    "party_statement": "当事人的陈述",
    "expert_opinion": "鉴定意见",
    "record": "勘验笔录、现场笔录",
}

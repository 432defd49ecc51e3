"""The small language the demo case scripts are written in: steps, a script builder, penalties, bases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from zhifa.demo.identifiers import org_code


@dataclass(frozen=True)
class Step:
    """One action on `offset` days from today by `user`."""

    offset: int
    user: str
    action: str
    data: dict[str, Any] = field(default_factory=dict)


def _org(name: str, serial: int, region: str = "420102", kind: str = "organization") -> dict[str, Any]:
    prefix = "92" if kind == "individual_business" else "91"
    return {"kind": kind, "name": name, "uscc": org_code(region, serial, prefix), "address": ""}


class Script:
    """Builds the steps of one case; `d(n)` is the ISO date n days from today."""

    def __init__(self, today: date, ids: dict[str, int], head: str, handlers: tuple[str, str]) -> None:
        self.today, self.ids, self.head, self.handlers = today, ids, head, handlers
        self.steps: list[Step] = []

    def d(self, offset: int) -> str:
        return (self.today + timedelta(days=offset)).isoformat()

    def add(self, offset: int, user: str, action: str, data: dict[str, Any] | None = None) -> Script:
        self.steps.append(Step(offset, user, action, data or {}))
        return self

    def clue(self, off: int, summary: str, party: dict[str, Any] | None, source: str = "complaint") -> Script:
        body = {"source": source, "discovered_on": self.d(off), "summary": summary, "party": party}
        return self.add(off, self.handlers[0], "register", body)

    def file(self, off: int, party: dict[str, Any], act: int, violation: str, **extra: Any) -> Script:
        ids = [self.ids[h] for h in self.handlers]
        body = {"party": party, "act_date": self.d(act), "violation": violation, "handler_ids": ids, **extra}
        return self.add(off, self.head, "file", body)

    def evidence(self, off: int, title: str, kind: str = "document", source: str = "当事人提供") -> Script:
        body = {
            "item": {"kind": kind, "title": title, "source": source},
            "collected_on": self.d(off),
            "co_handler_id": self.ids[self.handlers[1]],
        }
        return self.add(off, self.handlers[0], "add-evidence", body)

    def report(
        self, off: int, facts: str, penalty: dict[str, Any], reasons: str, basis: list[str], **kw: Any
    ) -> Script:
        body = {
            "facts": facts,
            "proposed_outcome": "penalty",
            "proposal": penalty,
            "discretion_reasons": reasons,
            "legal_basis": basis,
            **kw,
        }
        return self.add(off, self.handlers[0], "report", body)

    def review(self, off: int, reviewer: str, kind: str = "case") -> Script:
        return self.add(
            off,
            reviewer,
            "review",
            {"kind": kind, "opinion": "agree", "comments": "事实清楚，证据充分，裁量适当"},
        )

    def notify(self, off: int, penalty: dict[str, Any], served: int | None = None) -> Script:
        self.add(off, self.head, "approve", {"penalty": penalty})
        self.add(off, self.handlers[0], "notice")
        served = off if served is None else served
        body = {"document": "notice", "method": "in_person", "served_on": self.d(served)}
        return self.add(served, self.handlers[0], "serve", body)

    def waive(self, off: int) -> Script:
        return self.add(
            off,
            self.handlers[0],
            "statement",
            {"kind": "waiver", "summary": "当事人书面放弃陈述申辩", "stated_on": self.d(off)},
        )

    def decide(
        self, off: int, penalty: dict[str, Any], reasons: str = "当事人放弃陈述申辩，违法事实清楚"
    ) -> Script:
        return self.add(
            off, self.head, "decide", {"outcome": "penalty", "penalty": penalty, "reasons": reasons}
        )

    def serve_decision(self, off: int) -> Script:
        body = {"document": "decision", "method": "in_person", "served_on": self.d(off)}
        return self.add(off, self.handlers[0], "serve", body)

    def pay(self, off: int, amount: str) -> Script:
        return self.add(
            off,
            self.handlers[1],
            "pay",
            {"amount": amount, "paid_on": self.d(off), "receipt": "非税收入缴款书"},
        )

    def close_archive(self, off: int, volume: str | None, ground: str = "executed") -> Script:
        self.add(off, self.head, "close", {"ground": ground})
        return self.add(off, self.handlers[0], "archive", {"volume": volume}) if volume else self


def fine(amount: str, income: str | None = None) -> dict[str, Any]:
    """A fine, optionally with confiscated illegal income."""
    kinds = ["fine", "confiscate_income"] if income else ["fine"]
    return {"kinds": kinds, "fine": amount, "confiscated_income": income or "0"}


PRICE = ["《中华人民共和国价格法》第十三条第一款", "《价格违法行为行政处罚规定》第十三条"]
FOOD = [
    "《中华人民共和国食品安全法》第三十四条第十项",
    "《中华人民共和国食品安全法》第一百二十四条第一款第五项",
]
AD = ["《中华人民共和国广告法》第二十八条第二款第二项", "《中华人民共和国广告法》第五十五条第一款"]
METRO = ["《中华人民共和国计量法》第九条第一款", "《中华人民共和国计量法实施细则》第四十三条"]
FRAUD = ["《明码标价和禁止价格欺诈规定》第十九条第一项", "《中华人民共和国价格法》第四十条第一款"]
AD_ABSOLUTE = ["《中华人民共和国广告法》第九条第三项", "《中华人民共和国广告法》第五十七条第一项"]
LIGHT = "当事人系初次违法，积极配合调查并主动改正，依《湖北省市场监管行政处罚裁量权基准》从轻处罚"
MID = "当事人违法行为持续时间较长，无从轻、从重情节，依裁量基准按一般情节处罚"

Builder = Callable[[date, dict[str, int]], list[Step]]
JA = ("jiangan_zhao", ("jiangan_zhang", "jiangan_li"))
CB = ("chibi_wu", ("chibi_sun", "chibi_zhou"))


def _ja(t: date, ids: dict[str, int]) -> Script:
    return Script(t, ids, JA[0], JA[1])


def _cb(t: date, ids: dict[str, int]) -> Script:
    return Script(t, ids, CB[0], CB[1])


def _investigation(s: Script, start: int, party: dict[str, Any], violation: str) -> Script:
    s.clue(start, f"{party['name']}涉嫌{violation}", party)
    s.file(start + 2, party, start - 5, violation)
    return s.evidence(start + 4, "现场检查笔录", "record", "现场检查制作").evidence(
        start + 6, "询问笔录", "party_statement"
    )


def _to_decision(
    s: Script,
    start: int,
    party: dict[str, Any],
    violation: str,
    penalty: dict[str, Any],
    basis: list[str],
    facts: str,
    reasons: str = LIGHT,
) -> Script:
    _investigation(s, start, party, violation)
    s.report(start + 10, facts, penalty, reasons, basis).review(
        start + 11, "jiangan_wang" if s.head == JA[0] else "chibi_zheng"
    )
    return s.notify(start + 12, penalty).waive(start + 13).decide(start + 14, penalty)

"""The bigram nearest-neighbour baseline copies what the nearest decision states (each part separately)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zhifa.assistant.baseline import train_baseline
from zhifa.precedents.record import PrecedentRecord, ProvisionRef


def _record(docid: str, facts: str, violated: list[ProvisionRef], fine: Decimal | None) -> PrecedentRecord:
    return PrecedentRecord(
        docid=docid, docno=None, bureau=None, decision_date=date(2024, 1, 1), party_kind=None,
        party_name_masked=None, facts=facts, evidence=[], analysis="", discretion={},
        violated=violated, basis=[ProvisionRef("价格法", 42)], penalties=[], fine=fine, confiscated=None,
    )  # fmt: skip


def test_a_neighbour_that_names_no_violated_provision_is_skipped_for_that_part() -> None:
    # 价格法 §13 明码标价: the nearest form cites only the penalty article (价格法 §42) and decides no fine
    nearest = _record("form", "经查，当事人销售的饮料未明码标价，共三种商品未标明价格。", [], None)
    next_one = _record(
        "full", "经查，当事人销售的饼干未明码标价，共两种。", [ProvisionRef("价格法", 13, 1)], Decimal(500)
    )
    other = _record(
        "other", "经查，当事人向未成年人销售香烟。", [ProvisionRef("未成年人保护法", 59)], Decimal(3000)
    )
    pred = train_baseline([nearest, next_one, other]).predict("当事人销售的饮料未明码标价，共三种商品", {})
    assert pred.precedents[0] == "form"
    assert pred.violated == [("价格法", 13)] and pred.penalty == [("价格法", 42)]
    assert pred.fine == Decimal(500)

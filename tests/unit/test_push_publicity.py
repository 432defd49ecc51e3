"""What is published and how (行政处罚信息公示规定 第二条、第五条至第七条); the obligations map."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.domain.calendar import WorkingCalendar, package_knows
from zhifa.domain.parties import Party
from zhifa.domain.values import Penalty, PenaltyKind
from zhifa.errors import ConfigurationError
from zhifa.integrations.obligations import obligation_map, parse_map
from zhifa.integrations.publicity import (
    is_minor,
    labelled_names,
    mask_published_text,
    public_party,
    publishable,
    warning_only,
)

ADULT = Party.create(
    "person", "李建国", id_number="11010519491231002X", address="湖北省武汉市江岸区解放大道1号"
)
SHOP = Party.create("individual_business", "王小明", uscc="91350100M000100Y43")
FINE = Penalty(frozenset({PenaltyKind.FINE}), fine=Decimal("3000"))
WARNING = Penalty(frozenset({PenaltyKind.WARNING}))


def _resident_id(born: str) -> str:
    """A valid 18-digit 居民身份证号码 (GB 11643) born on `born` (YYYYMMDD)."""
    body = f"420102{born}001"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def test_warning_only_decisions_are_not_published_公示规定_2() -> None:
    assert warning_only(WARNING) and not publishable(ADULT, WARNING, date(2026, 3, 20))
    both = Penalty(frozenset({PenaltyKind.WARNING, PenaltyKind.FINE}), fine=Decimal("500"))
    assert not warning_only(both) and publishable(ADULT, both, date(2026, 3, 20))


def test_a_minor_is_never_published_民法典_17() -> None:
    minor = Party.create("person", "赵小宝", id_number=_resident_id("20100601"))
    assert is_minor(minor, date(2026, 3, 20)) and not publishable(minor, FINE, date(2026, 3, 20))
    assert not is_minor(minor, date(2028, 6, 1))  # 18 on that day
    assert publishable(ADULT, FINE, date(2026, 3, 20))


def test_party_block_natural_person_masked_business_named() -> None:
    assert public_party(ADULT) == {"kind": "person", "name": "李某", "address": "湖北省武汉市江岸区****"}
    shop = public_party(SHOP)
    assert shop["name"] == "王某" and shop["uscc"] == "91350100M000100Y43"  # a name that is a person's


def test_free_text_loses_numbers_accounts_plates_and_labelled_names() -> None:
    text = (
        "当事人李建国（身份证号11010519491231002X）经营者李建国，联系电话13812345678，"
        "收款账户6222021234567890123，运输车辆鄂A12345，证人：孙悦称属实；经营者违反规定。"
    )
    masked = mask_published_text(text, ["李建国"])
    for secret in ("李建国", "11010519491231002X", "13812345678", "6222021234567890123", "鄂A12345", "孙悦"):
        assert secret not in masked
    assert "李某" in masked and "孙某" in masked and "经营者违反规定" in masked


def test_labelled_names_need_a_colon_or_a_surname() -> None:
    assert labelled_names("法定代表人（负责人、经营者）：步文兵") == ["步文兵", "步文"]
    assert labelled_names("消费者投诉称") == []  # a field label needs a colon
    assert labelled_names("经营者违反规定") == []  # 违 is no surname


def test_the_shipped_map_names_each_target_with_a_legal_basis() -> None:
    omap = obligation_map()
    assert len(omap.targets) == 8 and all(omap.basis_of(code) for code in omap.targets)
    assert "DecisionIssued" in omap.event_types and "EvidenceAdded" not in omap.event_types


def test_an_unknown_condition_in_the_map_is_refused() -> None:
    raw = {
        "targets": {code: {"name": code} for code in obligation_map().targets},
        "obligations": [{"event": "DecisionIssued", "when": {"colour": "red"}, "push": []}],
    }
    with pytest.raises(ConfigurationError) as bad:
        parse_map(raw)
    assert bad.value.code == "obligations_invalid" and "colour" in bad.value.message


def test_a_period_into_a_year_without_holiday_table_leaves_the_due_date_open_程序规定_80() -> None:
    publish = next(
        p
        for r in obligation_map().rules["DecisionIssued"]
        for p in r.pushes
        if p.target == "credit_publicity"
    )
    calendar = WorkingCalendar()
    assert publish.due_on(date(2026, 3, 20), calendar) == date(2026, 4, 20)
    if not package_knows(2027):
        assert publish.due_on(date(2026, 12, 4), calendar) is None  # 20 working days end in 2027

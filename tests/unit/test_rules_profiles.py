"""Province profiles are data: a new province changes tiers and thresholds without code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from zhifa.errors import ValidationFailed
from zhifa.rules.engine import suggest
from zhifa.rules.factors import load_factors
from zhifa.rules.inputs import make_input
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import PROFILES_DIR, get_profile, load_profiles
from zhifa.rules.yamlio import CatalogInvalid

HUBEI = (PROFILES_DIR / "hubei.yaml").read_text(encoding="utf-8")


def test_a_third_province_only_needs_a_file(tmp_path: Path) -> None:
    text = HUBEI.replace('code: "42"', 'code: "99"').replace("name: 湖北省", "name: 测试省")
    text = text.replace(
        "with_minimum: {从轻: [0, 0.3], 一般: [0.3, 0.7], 从重: [0.7, 1]}",
        "with_minimum: {从轻: [0, 0.2], 一般: [0.2, 0.6], 从重: [0.6, 1]}",
    )
    text = text.replace(
        "  person: 10000\n  organization: 100000\n  source:\n    cite: {law: 市场监督管理行政处罚听证办法",
        "  person: 5000\n  organization: 50000\n  source:\n    cite: {law: 市场监督管理行政处罚听证办法",
    )
    (tmp_path / "test.yaml").write_text(text, encoding="utf-8")
    profile = get_profile(load_profiles(tmp_path), "test")
    inp = make_input("price.fraud_false_discount", "2024-05-01", "organization", {"illegal_income": "0"})
    out = suggest(load_catalog(), load_factors(), profile, inp, today=date(2026, 1, 1)).to_dict()
    assert out["statutory_range"] == ["50000.00", "500000.00"]
    assert out["tier_ranges"]["一般"] == ["140000.00", "320000.00"]  # Hubei: 185000–365000
    assert out["suggested_fine"] == "230000.00"
    assert out["hearing"]["threshold"] == "50000.00"
    assert Decimal(out["suggested_fine"]) < Decimal(out["statutory_range"][1])


def test_unknown_profile_is_named() -> None:
    with pytest.raises(ValidationFailed) as info:
        get_profile(load_profiles(), "atlantis")
    assert info.value.code == "unknown_profile" and info.value.details == {"field": "profile"}


def test_profile_value_without_source_is_refused(tmp_path: Path) -> None:
    text = HUBEI.replace(
        "summary_procedure:\n  person: 200\n  organization: 3000\n"
        "  source:\n    cite: {law: 中华人民共和国行政处罚法, article: 51}\n",
        "summary_procedure:\n  person: 200\n  organization: 3000\n",
    )
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogInvalid) as info:
        load_profiles(tmp_path)
    assert any(
        p.file == "profiles/bad.yaml" and p.key.startswith("summary_procedure") for p in info.value.problems
    )


def test_hubei_summary_procedure_limits() -> None:
    profile = load_profiles()["hubei"]
    catalog, factors = load_catalog(), load_factors()
    small = make_input("price.marking_missing", "2024-05-01", "person", {})
    out = suggest(catalog, factors, profile, small, today=date(2026, 1, 1)).to_dict()
    assert out["suggested_fine"] == "2500.00"
    assert (
        out["summary_procedure"]["allowed"] is False
    )  # 2500 > 200 for a natural person (行政处罚法第五十一条)
    org = make_input("price.marking_missing", "2024-05-01", "organization", {})
    assert suggest(catalog, factors, profile, org, today=date(2026, 1, 1)).to_dict()["summary_procedure"][
        "allowed"
    ]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("goods_value", "-3", "bad_amount"), ("goods_value", "abc", "bad_amount"), ("sales", 1.5, "bad_amount")],
)
def test_bad_amounts_name_the_field(field: str, value: object, code: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        make_input("food.expired_food", "2024-05-01", "organization", {field: value})
    assert info.value.code == code and info.value.details == {"field": field}


def test_bad_party_type_and_date() -> None:
    with pytest.raises(ValidationFailed) as info:
        make_input("food.expired_food", "2024-05-01", "company")
    assert info.value.details == {"field": "party_type"}
    with pytest.raises(ValidationFailed) as info:
        make_input("food.expired_food", "2024-02-30", "person")
    assert info.value.code == "bad_date" and info.value.details == {"field": "act_date"}

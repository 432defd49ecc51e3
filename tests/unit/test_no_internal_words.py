"""No internal ids, codes or fragments where officers read (issue #22 §2): shared keywords as words, the
assistant's trail with type names and no codes, the suggestion's profile as the province's name."""

from __future__ import annotations

from zhifa.assistant.precedents import as_words
from zhifa.web.pages import assist_trail
from zhifa.web.pages.timeline import event_rows

NAMES = {
    "price.marking_improper": "不按照规定的内容和方式明码标价",
    "food.expired_food": "经营超过保质期的食品",
}


def test_shared_character_grams_read_as_whole_words() -> None:
    facts = "经查，当事人武汉某某商贸有限公司销售超过保质期的食品，货值金额100元。"
    words = as_words(["的食", "质期的", "保质", "食品", "有限公", "限公司"], facts)
    assert "食品" in words and "有限公司" in words
    assert any("保质期" in w for w in words)
    assert not [w for w in words if w in ("的食", "质期的", "保质", "有限公", "限公司")]


def test_a_gram_inside_no_word_is_dropped_not_shown() -> None:
    assert as_words(["的食"], "的") == []


def test_the_trail_names_types_and_hides_codes() -> None:
    step = {"step": "classification", "note": "校准后最可能为 price.marking_improper",
            "top": [["price.marking_improper", 0.1579], ["food.expired_food", 0.05]],
            "named_by_pattern": None, "trained_on": 145}  # fmt: skip
    rows = dict(assist_trail.rows(step, NAMES))
    assert rows == {
        "前三类型": "不按照规定的内容和方式明码标价 16%；经营超过保质期的食品 5%",
        "训练文书数": "145",
    }
    assert assist_trail.note(step, NAMES) == "校准后最可能为 不按照规定的内容和方式明码标价"
    parameters = {"act_date": "2026-11-10", "party_type": "organization",
                  "party_type_name": "法人或者其他组织", "amounts": {}, "reduce": False, "profile": "42",
                  "profile_name": "湖北省"}  # fmt: skip
    shown = dict(assist_trail.rows(parameters, NAMES))
    assert shown == {
        "违法行为日": "2026-11-10",
        "当事人类型": "法人或者其他组织",
        "减轻处罚": "否",
        "地区": "湖北省",
    }


def test_a_recorded_suggestion_shows_the_province_not_its_code() -> None:
    payload = {"by": 3, "on": "2026-11-25", "facts": "经查……", "proposed_outcome": "penalty",
               "proposal": {"kinds": ["fine"], "fine": "2500", "confiscated_income": "0",
                            "confiscated_property_value": "0", "other_hearing_ground": False},
               "discretion_reasons": "一般情节", "legal_basis": ["《中华人民共和国价格法》第四十二条"],
               "departure_reason": "",
               "suggestion": {"violation_type": "price.marking_improper",
                              "violation_name": NAMES["price.marking_improper"], "type_score": "0.83",
                              "tier": "一般", "suggested_fine": "2500", "range_low": "2000",
                              "range_high": "3000", "statutory_low": None, "statutory_high": "5000",
                              "rule": "price/marking_improper.yaml@2022-07-01", "profile": "42"}}  # fmt: skip
    rows = dict(event_rows("InvestigationReported", payload, {}))
    assert rows["智能助手建议·裁量基准地区"] == "湖北省"
    text = "".join(f"{k}{v}" for k, v in rows.items())
    assert "price." not in text and ".yaml" not in text and "None" not in text

"""Validation problems reach people in Chinese; pydantic's English never does (issue #22 §2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from zhifa.problems import problem_text, problems_of
from zhifa.web.pages.labels import path_label


class Filing(BaseModel):
    handler_ids: list[int] = Field(min_length=1, max_length=10)
    act_date: date
    fine: Decimal = Field(ge=0)
    violation: str = Field(min_length=1, max_length=5)

    @field_validator("violation")
    @classmethod
    def _chinese(cls, value: str) -> str:
        if value == "坏":
            raise ValueError("案由不能只写一个“坏”字")
        return value


def _problems(data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        Filing.model_validate(data)
    return {p["field"]: p["problem"] for p in problems_of(caught.value.errors())}


def test_an_empty_list_asks_for_at_least_one() -> None:
    found = _problems({"handler_ids": [], "act_date": "2026-12-01", "fine": "1", "violation": "未明码标价"})
    assert found == {"handler_ids": "至少需要 1 项"}


def test_each_kind_of_problem_is_worded_in_chinese() -> None:
    found = _problems(
        {"handler_ids": ["张"], "act_date": "昨天", "fine": "-1", "violation": "太长的案由文字"}
    )
    assert found == {
        "handler_ids.0": "须为整数",
        "act_date": "须为日期（年-月-日，如 2026-12-05）",
        "fine": "不能小于 0",
        "violation": "不能超过 5 个字",
    }
    assert _problems({"handler_ids": [1], "fine": "一千"}) == {
        "act_date": "必须填写", "fine": "须为数字（金额用阿拉伯数字，如 1200.50）", "violation": "必须填写",
    }  # fmt: skip


def test_our_own_chinese_messages_are_kept_and_english_ones_never_shown() -> None:
    found = _problems({"handler_ids": [1], "act_date": "2026-12-01", "fine": "1", "violation": "坏"})
    assert found == {"violation": "案由不能只写一个“坏”字"}
    assert problem_text({"type": "value_error", "msg": "Value error, something broke"}) == "内容不符合要求"
    assert problem_text({"type": "never_heard_of", "msg": "Whatever"}) == "内容不符合要求"


def test_field_paths_become_the_form_labels() -> None:
    assert path_label("handler_ids") == "办案人员"
    assert path_label("handler_ids.0") == "办案人员（第1项）"
    assert path_label("penalty.fine") == "罚款金额（元）"
    assert path_label("stated_on") == "陈述申辩日期"

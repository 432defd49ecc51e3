"""The 调查终结报告 through the services records the assistant's suggestion; a departure needs a reason
(行政处罚法第三十四条 裁量基准; 程序规定第四十八条第六项), and a refusal writes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import World, evidence_body, file_body, fine, make_world, report_body
from zhifa.errors import ZhifaError
from zhifa.services.case_detail import case_detail, case_timeline

D = date
# 食品安全法第一百二十四条：货值金额不足一万元的，并处五万元以上十万元以下罚款（一般阶次 6.5–8.5 万元）.
SUGGESTION = {
    "violation_type": "food.expired_food", "violation_name": "经营超过保质期的食品", "type_score": "0.91",
    "tier": "一般", "suggested_fine": "75000.00", "range_low": "65000.00", "range_high": "85000.00",
    "statutory_low": "50000.00", "statutory_high": "100000.00",
    "rule": "catalog/食品/food.expired_food.yaml@2021-04-29", "profile": "42",
}  # fmt: skip


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _investigating(w: World) -> str:
    case = w.clue(D(2026, 3, 2))
    w.do(w.head, case, "file", file_body(w), D(2026, 3, 4))
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    return case


def _report(amount: str, **extra: Any) -> dict[str, Any]:
    return report_body(fine(amount), suggestion=SUGGESTION, **extra)


def _with_suggestion(w: World, case: str, body: dict[str, Any], on: date) -> str:
    """As the assistant panel does: the suggestion was computed on the server."""
    return w.do(w.h1, case, "report", body, on, computed_suggestion=True)


def test_accepting_the_suggestion_is_recorded_and_shown(w: World) -> None:
    case = _investigating(w)
    assert _with_suggestion(w, case, _report("75000"), D(2026, 3, 10)) == "review"
    report = case_detail(w.uow(), w.h1, case, D(2026, 3, 10))["state"]["report"]
    assert report["adherence"] == "accepted" and report["adherence_label"] == "采纳建议"
    assert report["suggestion"]["rule"].startswith("catalog/食品/food.expired_food.yaml")
    payload = case_timeline(w.uow(), w.h1, case)["timeline"][-1]["payload"]
    assert payload["suggestion"]["suggested_fine"] == "75000.00" and payload["departure_reason"] == ""


def test_departure_without_reason_is_refused_and_nothing_is_written(w: World) -> None:
    case = _investigating(w)
    before = w.counts()
    with pytest.raises(ZhifaError) as raised:
        _with_suggestion(w, case, _report("50000"), D(2026, 3, 10))
    assert raised.value.code == "departure_reason_required" and "偏离" in raised.value.message
    assert w.counts() == before
    assert case_detail(w.uow(), w.h1, case, D(2026, 3, 10))["state"]["stage"] == "investigation"


def test_departure_with_reason_is_recorded(w: World) -> None:
    case = _investigating(w)
    why = "当事人系初次违法且货值金额仅360元，主动召回，依法从轻至法定最低额"
    _with_suggestion(w, case, _report("50000", departure_reason=why), D(2026, 3, 10))
    report = case_detail(w.uow(), w.reviewer, case, D(2026, 3, 11))["state"]["report"]
    assert report["adherence"] == "departed" and report["departure_reason"] == why


def test_report_without_the_assistant_still_works(w: World) -> None:
    case = _investigating(w)
    w.do(w.h1, case, "report", report_body(fine("60000")), D(2026, 3, 10))
    report = case_detail(w.uow(), w.h1, case, D(2026, 3, 10))["state"]["report"]
    assert report["suggestion"] is None and report["adherence_label"] == "未使用智能助手"


def test_malformed_suggestion_is_refused_with_a_code(w: World) -> None:
    case = _investigating(w)
    before = w.counts()
    bad = {**SUGGESTION, "range_low": "90000.00"}
    with pytest.raises(ZhifaError) as raised:
        _with_suggestion(w, case, report_body(fine("75000"), suggestion=bad), D(2026, 3, 10))
    assert raised.value.code == "bad_suggestion" and w.counts() == before


def test_a_client_typed_suggestion_is_not_recorded_as_the_systems_advice(w: World) -> None:
    # Through the API or CLI a body may carry a `suggestion`; only a server-computed one is recorded.
    case = _investigating(w)
    before = w.counts()
    with pytest.raises(ZhifaError) as raised:
        w.do(w.h1, case, "report", _report("75000"), D(2026, 3, 10))
    assert raised.value.code == "suggestion_not_computed" and w.counts() == before

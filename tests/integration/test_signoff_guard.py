"""The guard where penalties are signed (issue 16 §3): the 审核, 负责人审批 and 决定 see the statutory range,
the tier, the position and the flags; a change or a signature over a flag needs a reason that goes into the
signed event; below the minimum only with a statutory 减轻 ground (行政处罚法第三十二条), above the maximum
never (行政处罚法第四条、第五条). A refusal writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.case_helpers import World, evidence_body, file_body, fine, make_world, report_body
from tests.integration.identity_helpers import make_user
from tests.integration.test_report_suggestion import SUGGESTION
from zhifa.config import Settings
from zhifa.errors import ZhifaError
from zhifa.identity.auth import create_token
from zhifa.services.case_detail import case_detail
from zhifa.services.cases import china_today
from zhifa.services.signoff import preview_guard
from zhifa.store.db import make_session_factory
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

D = date


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _at_review(w: World, amount: str = "75000") -> str:
    case = w.clue(D(2026, 3, 2))
    w.do(w.head, case, "file", file_body(w), D(2026, 3, 4))
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    body = report_body(fine(amount), suggestion=SUGGESTION)
    if amount != SUGGESTION["suggested_fine"].split(".")[0]:
        body["departure_reason"] = "当事人主动召回并赔偿消费者，危害后果较轻"
    w.do(w.h1, case, "report", body, D(2026, 3, 10), computed_suggestion=True)
    return case


def _payload(w: World, case: str, type_: str) -> dict[str, Any]:
    detail = case_detail(w.uow(), w.head, case, D(2026, 3, 20))
    return next(t for t in reversed(detail["timeline"]) if t["type"] == type_)["payload"]


def test_case_detail_returns_consistency_for_the_current_proposal(w: World) -> None:
    case = _at_review(w)
    c = case_detail(w.uow(), w.head, case, D(2026, 3, 11))["consistency"]
    assert c["statutory_range"] == ["50000.00", "100000.00"] and c["tier"] == "一般"
    assert c["band"] == ["65000.00", "85000.00"] and c["position_in_range"] == 0.5
    assert c["flags"] == [] and c["precedent_count"] == 0
    assert any("判例库为空" in n for n in c["notes"])


def test_the_head_who_approves_1_yuan_on_a_75000_proposal_is_stopped(w: World) -> None:
    case = _at_review(w)
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    before = w.counts()
    with pytest.raises(ZhifaError) as raised:  # below the minimum: 减轻 ground required
        w.do(
            w.head,
            case,
            "approve",
            {"penalty": fine("1"), "override_reason": "情节轻微可以少罚"},
            D(2026, 3, 12),
        )
    assert raised.value.code == "mitigation_ground_required" and w.counts() == before
    with pytest.raises(ZhifaError) as above:  # above the maximum: never
        w.do(
            w.head,
            case,
            "approve",
            {"penalty": fine("150000"), "override_reason": "情节恶劣从重处罚"},
            D(2026, 3, 12),
        )
    assert above.value.code == "above_statutory_maximum" and w.counts() == before


def test_a_change_needs_a_reason_and_is_recorded_with_the_flags_in_the_signed_event(w: World) -> None:
    case = _at_review(w)
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    preview = preview_guard(w.uow(), w.head, case, "approve", fine("52000"))
    assert preview["changed"] and "畸轻" in preview["flags"] and preview["proposal"]["fine"] == "75000"
    with pytest.raises(ZhifaError) as raised:
        w.do(w.head, case, "approve", {"penalty": fine("52000")}, D(2026, 3, 12))
    assert raised.value.code == "signoff_reason_required" and "75000" in raised.value.message
    why = "当事人系初次违法且已全部退赔消费者"
    w.do(w.head, case, "approve", {"penalty": fine("52000"), "override_reason": why}, D(2026, 3, 12))
    guard = _payload(w, case, "PenaltyApproved")["guard"]
    assert guard["reason"] == why and guard["proposed"]["fine"] == "75000"
    assert guard["flags"][0] == "变更拟处罚" and "畸轻" in guard["flags"]
    assert any("65000" in r for r in guard["flag_reasons"])


def test_a_reduction_below_the_minimum_with_a_statutory_ground_is_signed(w: World) -> None:
    case = _at_review(w)
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    body = {"penalty": fine("30000"), "override_reason": "当事人主动消除危害后果，依法减轻处罚",
            "mitigation": "eliminated_harm"}  # fmt: skip
    assert w.do(w.head, case, "approve", body, D(2026, 3, 12)) == "notice"
    guard = _payload(w, case, "PenaltyApproved")["guard"]
    assert guard["mitigation"] == "eliminated_harm" and "超出法定幅度" in guard["flags"]


def test_the_proposal_as_made_is_signed_without_a_reason_and_the_guard_is_recorded(w: World) -> None:
    case = _at_review(w)
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    review = _payload(w, case, "ReviewSigned")["guard"]
    assert review["flags"] == [] and review["statutory_high"] == "100000.00"
    w.do(w.head, case, "approve", {"penalty": fine("75000")}, D(2026, 3, 12))
    assert _payload(w, case, "PenaltyApproved")["guard"]["reason"] == ""


def test_a_reviewer_signing_over_a_flag_must_say_why(w: World) -> None:
    case = _at_review(w, "52000")  # the handler departed (with a reason) to 52,000: 畸轻 for the 一般 tier
    before = w.counts()
    with pytest.raises(ZhifaError) as raised:
        w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, D(2026, 3, 11))
    assert raised.value.code == "signoff_reason_required" and "畸轻" in raised.value.message
    assert w.counts() == before
    body = {"kind": "case", "opinion": "agree", "override_reason": "退赔和召回情节已查实，同意从轻"}
    w.do(w.reviewer, case, "review", body, D(2026, 3, 11))
    assert "畸轻" in _payload(w, case, "ReviewSigned")["guard"]["flags"]


def test_reviewer_first_engaged_before_2021_is_stored_and_may_sign_a_legal_review_行政处罚法_58_2(
    w: World, engine: Engine
) -> None:
    veteran = make_user(engine, "ja_rev_old", "420102", "reviewer", legal_review_since=D(2019, 5, 6))
    assert veteran.legal_review_since == D(2019, 5, 6) and not veteran.legal_qualification
    newcomer = make_user(engine, "ja_rev_new", "420102", "reviewer", legal_review_since=D(2024, 1, 2))
    case = _at_review(w)
    with pytest.raises(ZhifaError) as refused:
        w.do(newcomer, case, "review", {"kind": "legal", "opinion": "agree"}, D(2026, 3, 11))
    assert refused.value.code == "reviewer_not_qualified"
    w.do(veteran, case, "review", {"kind": "legal", "opinion": "agree"}, D(2026, 3, 11))
    with pytest.raises(ZhifaError) as not_reviewer:  # the date only describes 审核人员
        make_user(engine, "ja_h9", "420102", "handler", legal_review_since=D(2019, 5, 6))
    assert not_reviewer.value.code == "legal_qualification_requires_reviewer"
    # "today" is Beijing's: at 17:00 UTC on 12-05 it is already 12-06 there, so 12-06 is not in the future
    evening = datetime(2026, 12, 5, 17, 0, tzinfo=UTC)
    joined = make_user(
        engine, "ja_rev_today", "420102", "reviewer", legal_review_since=D(2026, 12, 6), now=evening
    )
    assert joined.legal_review_since == D(2026, 12, 6)
    with pytest.raises(ZhifaError) as future:
        make_user(engine, "ja_rev_next", "420102", "reviewer", legal_review_since=D(2026, 12, 7), now=evening)
    assert future.value.code == "bad_legal_review_since"


def test_the_api_shows_consistency_previews_the_guard_and_refuses_an_unreasoned_change(
    w: World, tmp_path: Any
) -> None:
    today = china_today()
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    case = w.clue(day(10))
    w.do(w.head, case, "file", file_body(w), day(8))
    w.do(w.h1, case, "add-evidence", evidence_body(w, day(7)), day(7))
    body = report_body(fine("75000"), suggestion=SUGGESTION)
    w.do(w.h1, case, "report", body, day(5), computed_suggestion=True)
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, day(4))
    settings = Settings(secret_key="test-secret-key", var_dir=tmp_path / "var")
    app = create_app(settings)
    app.state.zhifa = AppState(
        settings=settings, engine=w.engine, session_factory=make_session_factory(w.engine)
    )
    client = TestClient(app)
    token = create_token(UnitOfWork(w.engine), w.head.user_id, label="test").token
    head = {"Authorization": f"Bearer {token}"}
    detail = client.get(f"/api/v1/cases/{case}", headers=head).json()
    assert detail["consistency"]["statutory_range"] == ["50000.00", "100000.00"]
    preview = client.post(
        f"/api/v1/cases/{case}/signoff-check",
        json={"action": "approve", "penalty": fine("52000")},
        headers=head,
    )
    assert preview.status_code == 200 and preview.json()["changed"] and "畸轻" in preview.json()["flags"]
    bad = client.post(f"/api/v1/cases/{case}/signoff-check", json={"action": "report"}, headers=head)
    assert bad.status_code == 422 and bad.json()["code"] == "not_a_signoff_action"
    refused = client.post(
        f"/api/v1/cases/{case}/actions/approve", json={"penalty": fine("52000")}, headers=head
    )
    assert refused.status_code == 422 and refused.json()["code"] == "signoff_reason_required"

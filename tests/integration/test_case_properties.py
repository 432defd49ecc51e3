"""Property-based (hypothesis) checks through the services: random officers doing random steps never act
outside their scope, never write on a refusal, never reach a decision without its sign-offs, and the
projection always matches the ledger. Plus: a stale writer gets Conflict (HTTP 409), nothing forked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tests.integration.case_helpers import World, evidence_body, file_body, fine, make_world, report_body
from zhifa.domain.case import CaseNotVisible
from zhifa.errors import Conflict, PermissionDenied, ValidationFailed
from zhifa.services.case_actions import build_command
from zhifa.services.case_store import ledger, load_case, visible_row
from zhifa.services.cases import _execute
from zhifa.store.models.cases import CaseRow

BASE = date(2026, 3, 2)
Body = Callable[[World, date], dict[str, Any]]

MENU: list[tuple[str, Body]] = [
    ("file", lambda w, d: file_body(w)),
    ("decline", lambda w, d: {"ground": "no_evidence", "reason": "没有证据初步证明存在违法行为"}),
    ("add-evidence", lambda w, d: evidence_body(w, d)),
    ("report", lambda w, d: report_body(fine("3000"))),
    ("review", lambda w, d: {"kind": "case", "opinion": "agree"}),
    ("approve", lambda w, d: {"penalty": fine("3000")}),
    ("notice", lambda w, d: {}),
    ("serve", lambda w, d: {"document": "notice", "method": "in_person", "served_on": d.isoformat()}),
    ("statement", lambda w, d: {"kind": "waiver", "stated_on": d.isoformat()}),
    ("decide", lambda w, d: {"outcome": "penalty", "penalty": fine("3000"), "reasons": "事实清楚"}),
    ("serve", lambda w, d: {"document": "decision", "method": "in_person", "served_on": d.isoformat()}),
    ("pay", lambda w, d: {"amount": "3000", "paid_on": d.isoformat()}),
    ("close", lambda w, d: {"ground": "executed"}),
    ("archive", lambda w, d: {"volume": "卷-1"}),
    ("suspend", lambda w, d: {"ground": "force_majeure", "reason": "洪涝灾害"}),
    ("resume", lambda w, d: {"reason": "灾情解除"}),
]
ACTORS = ["h1", "h2", "h3", "head", "reviewer", "inspector", "chibi_head", "chibi_handler"]
OUTSIDERS = {"chibi_head", "chibi_handler"}


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _check_ledger(w: World, case_id: str) -> None:
    with w.uow() as uow:
        row = uow.session.get(CaseRow, case_id)
        assert row is not None
        case, records = load_case(uow.session, row)
        assert row.stage == case.stage.value and row.last_seq == case.version == len(records)
    types = [r.type for r in records]
    for r in records:
        if r.type in {"CaseFiled", "ReviewSigned", "PenaltyApproved", "DecisionIssued", "CaseClosed"}:
            assert r.signed and r.key_id, f"{r.type} 没有签名"
    if "DecisionIssued" in types:
        before = types[: types.index("DecisionIssued")]
        assert "ReviewSigned" in before and "PenaltyApproved" in before and "NoticeIssued" in before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(st.tuples(st.sampled_from(ACTORS), st.integers(0, len(MENU) - 1)), min_size=1, max_size=14)
)
def test_random_officers_and_steps_keep_scope_sign_offs_and_write_nothing_on_refusal(
    w: World, steps: list[tuple[str, int]]
) -> None:
    case_id = w.clue(BASE)
    for i, (who_key, choice) in enumerate(steps):
        day = BASE + timedelta(days=i + 1)
        action, body = MENU[choice]
        who = getattr(w, who_key)
        before = w.counts()
        try:
            w.do(who, case_id, action, body(w, day), day)
        except CaseNotVisible:
            assert who_key in OUTSIDERS
        except (PermissionDenied, ValidationFailed) as refused:
            assert who_key not in OUTSIDERS, "越权请求必须得到与案件不存在相同的回答"
            assert refused.message and refused.code
            assert w.counts() == before, f"{action} 被拒绝后仍写入了数据"
        else:
            assert who_key not in OUTSIDERS and who_key != "inspector"
            continue
        assert w.counts() == before
    _check_ledger(w, case_id)


def test_a_stale_writer_gets_conflict_and_the_chain_does_not_fork(w: World) -> None:
    case_id = w.clue(BASE)
    with w.uow() as uow:
        stale, _ = load_case(uow.session, visible_row(uow.session, w.head, case_id))
    w.do(w.head, case_id, "file", file_body(w), BASE + timedelta(days=2))
    before = w.counts()
    uow = w.uow()
    with uow:
        row = visible_row(uow.session, w.head, case_id)
        command = build_command(uow.session, w.head, "decline", {"ground": "no_evidence", "reason": "无证据"})
        with pytest.raises(Conflict) as conflict:
            _execute(uow, w.head, row, stale, command, BASE + timedelta(days=2))
    assert conflict.value.code == "ledger_conflict" and conflict.value.http_status == 409
    assert w.counts() == before
    with w.uow() as uow:
        records = ledger(uow.session).read(f"case-{case_id}")
    assert [r.seq for r in records] == [1, 2] and records[1].type == "CaseFiled"

"""Pushed clues in the inbox: 受理 once; 移送有管辖权的机构 with the reason; the receiving agency may not pass
the clue on again by itself (程序规定第十四条), the common higher agency designates."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.domain.builders import CITY_HEAD, H1, HEAD, Flow, actor, clue
from zhifa.domain.actors import Role
from zhifa.domain.case import TransitionRefused
from zhifa.domain.intake import AcceptIntake, RerouteIntake
from zhifa.domain.refusals import ActionForbidden, CaseNotVisible
from zhifa.domain.stages import Stage

ON = date(2026, 12, 1)
JIANGHAN = ("/420000/420100/420103/", "420103")
CHIBI_HEAD = actor(71, Role.HEAD, path="/420000/421200/421281/")


def _flow() -> Flow:
    flow = Flow()
    clue(flow, ON)
    return flow


def test_程序规定第十八条_a_pushed_clue_is_accepted_once() -> None:
    flow = _flow()
    [event] = flow.do(AcceptIntake(note="一组核查"), H1, ON)
    assert event.type == "IntakeAccepted" and flow.case.intake_accepted
    with pytest.raises(TransitionRefused) as twice:
        flow.do(AcceptIntake(), H1, ON)
    assert twice.value.code == "intake_already_accepted"


def test_程序规定第十四条_moving_a_clue_needs_the_head_and_a_reason() -> None:
    flow = _flow()
    with pytest.raises(ActionForbidden):
        flow.do(RerouteIntake(agency_path=JIANGHAN[0], agency_code=JIANGHAN[1], reason="不属本局"), H1, ON)
    with pytest.raises(TransitionRefused) as blank:
        flow.do(RerouteIntake(agency_path=JIANGHAN[0], agency_code=JIANGHAN[1], reason=" "), HEAD, ON)
    assert blank.value.code == "text_required"
    [moved] = flow.do(
        RerouteIntake(agency_path=JIANGHAN[0], agency_code=JIANGHAN[1], reason="行为地在江汉区"), HEAD, ON
    )
    assert moved.from_agency_code == "420102" and flow.case.agency_code == "420103"
    assert flow.case.agency_path == JIANGHAN[0] and flow.case.stage is Stage.CLUE


def test_程序规定第十四条_the_receiving_agency_may_not_move_it_again_a_common_higher_one_may() -> None:
    flow = _flow()
    flow.do(
        RerouteIntake(agency_path=JIANGHAN[0], agency_code=JIANGHAN[1], reason="行为地在江汉区"), HEAD, ON
    )
    jianghan_head = actor(81, Role.HEAD, path=JIANGHAN[0])
    with pytest.raises(TransitionRefused) as again:
        flow.do(RerouteIntake(agency_path="/420000/420100/420102/", agency_code="420102", reason="异议"),
                jianghan_head, ON)  # fmt: skip
    assert again.value.code == "reroute_again" and "共同的上一级" in again.value.message
    designated = RerouteIntake(agency_path="/420000/420100/420102/", agency_code="420102", reason="指定管辖")
    [event] = flow.do(designated, CITY_HEAD, ON)  # 武汉市局: above 江汉 and 江岸
    assert event.agency_code == "420102" and flow.case.reroutes == 2


def test_a_clue_outside_the_actors_subtree_cannot_be_moved_by_it() -> None:
    flow = _flow()
    with pytest.raises(CaseNotVisible):
        flow.do(RerouteIntake(agency_path=JIANGHAN[0], agency_code=JIANGHAN[1], reason="x"), CHIBI_HEAD, ON)

"""法制审核 (程序规定第五十条、第五十一条; 行政处罚法第五十八条): who may sign it, and when 停产停业 or 吊销
needs it — only once a hearing was held (第五十条第一款第二项), not for the kind of penalty alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.unit.domain.builders import (
    REVIEWER,
    UNQUALIFIED,
    Flow,
    clue,
    evidence,
    filed,
    fine,
    report,
    review,
)
from zhifa.domain.case import ActionForbidden
from zhifa.domain.grounds import ReviewKind
from zhifa.domain.values import PenaltyKind

D = date
SUSPEND = fine("20000", PenaltyKind.SUSPEND_BUSINESS)


def reported(proposal=SUSPEND) -> Flow:  # type: ignore[no-untyped-def]
    flow = Flow()
    clue(flow, D(2026, 3, 2))
    filed(flow, D(2026, 3, 4))
    evidence(flow, D(2026, 3, 5))
    report(flow, D(2026, 3, 10), proposal)
    return flow


def test_suspension_without_a_hearing_is_a_case_review_程序规定_50_1_2_and_52() -> None:
    flow = reported()
    assert not flow.case.is_major  # 停产停业 alone does not make it a 第五十条 case
    review(flow, D(2026, 3, 11), ReviewKind.CASE)
    assert flow.case.stage.value == "approval"


def test_a_first_time_legal_reviewer_needs_the_qualification_行政处罚法_58_2() -> None:
    flow = reported()
    newcomer = replace(UNQUALIFIED, legal_review_since=D(2023, 3, 1))
    with pytest.raises(ActionForbidden) as refused:
        review(flow, D(2026, 3, 11), ReviewKind.LEGAL, who=newcomer)
    assert refused.value.code == "reviewer_not_qualified" and "初次从事" in refused.value.message
    with pytest.raises(ActionForbidden):
        review(flow, D(2026, 3, 11), ReviewKind.LEGAL, who=UNQUALIFIED)  # nothing recorded: not allowed


def test_a_reviewer_engaged_before_the_2021_law_keeps_reviewing_without_it() -> None:
    flow = reported()
    veteran = replace(UNQUALIFIED, legal_review_since=D(2018, 6, 1))
    assert veteran.may_do_legal_review and REVIEWER.may_do_legal_review
    assert not replace(UNQUALIFIED, legal_review_since=D(2021, 7, 15)).may_do_legal_review
    review(flow, D(2026, 3, 11), ReviewKind.LEGAL, who=veteran)
    assert flow.case.reviews[-1].kind is ReviewKind.LEGAL

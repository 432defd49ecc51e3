"""A party's own earlier penalties within the configured window (ZHIFA_PRIOR_VIOLATION_YEARS) on the case,
with 文号 and dates, and the 屡查屡犯 sentence that lets the assistant weigh `repeated_violation`."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.case_helpers import ORG, World, fine
from tests.integration.intake_helpers import intake_world  # noqa: F401  (fixture w)
from tests.integration.outbox_helpers import decided
from zhifa.assistant.extract import CUE_FACTORS
from zhifa.config import reset_settings
from zhifa.precedents.cues import cue_factors
from zhifa.services.case_detail import case_detail
from zhifa.services.parties import window_start


def test_window_start_counts_whole_years_back() -> None:
    assert window_start(date(2026, 12, 5), 5) == date(2021, 12, 5)
    assert window_start(date(2028, 2, 29), 1) == date(2027, 2, 28)


def test_earlier_penalties_within_the_window_are_listed_and_offered_as_repeated_violation(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = decided(w, ORG, fine("3000"))  # decided 2026-03-20
    now = w.clue(date(2026, 11, 2), ORG)
    detail = case_detail(w.uow(), w.h1, now, date(2026, 12, 5))
    [prior] = detail["prior_violations"]
    assert (
        prior["case_id"] == earlier
        and prior["decided_on"] == "2026-03-20"
        and "市监" in prior["decision_docno"]
    )
    assert detail["prior_window_years"] == 5
    offer = detail["repeated_offer"]
    assert prior["decision_docno"] in offer and "2026-03-20" in offer and offer.startswith("当事人曾因")
    # the sentence carries the cue the assistant maps to the catalog factor 屡查屡犯
    assert "repeated" in cue_factors(offer) and CUE_FACTORS["repeated"] == "repeated_violation"

    monkeypatch.setenv("ZHIFA_PRIOR_VIOLATION_YEARS", "0")  # a window that ends before the earlier decision
    reset_settings()
    narrow = case_detail(w.uow(), w.h1, now, date(2026, 12, 5))
    assert narrow["prior_violations"] == [] and narrow["repeated_offer"] == ""

"""Constructed case histories for the oversight tests: decided cases with a recorded suggestion (the
statutory range 50,000–100,000 yuan of 经营超过保质期的食品, tier 一般), closures and corrections."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.integration.case_helpers import ORG, World, evidence_body, file_body, fine, report_body
from tests.integration.test_report_suggestion import SUGGESTION
from zhifa.domain.actors import Actor

D = date
WHY = "当事人主动召回并赔偿消费者，危害后果较轻"


def decided(
    w: World,
    amount: str,
    *,
    lead: Actor | None = None,
    second: Actor | None = None,
    approve: str | None = None,
    who: Actor | None = None,
    head: Actor | None = None,
    reviewer: Actor | None = None,
    party: dict[str, Any] = ORG,
    start: D = D(2026, 3, 2),
) -> str:
    """A case filed, reported with the suggestion and `amount` proposed, approved (at `approve` when
    given: a change at approval with a reason) and decided at that amount."""
    lead = lead or w.h1
    case = w.clue(start, party, who=who or lead)
    second = second or (w.h2 if lead is not w.h2 else w.h1)
    body = file_body(w, party, handler_ids=list(dict.fromkeys([lead.user_id, second.user_id])))
    w.do(head or w.head, case, "file", body, D(2026, 3, 4))
    ev_body = evidence_body(w, D(2026, 3, 5))
    ev_body["co_handler_id"] = second.user_id
    w.do(lead, case, "add-evidence", ev_body, D(2026, 3, 5))
    report = report_body(fine(amount), suggestion=SUGGESTION, departure_reason=WHY)
    w.do(lead, case, "report", report, D(2026, 3, 10), computed_suggestion=True)
    review = {"kind": "case", "opinion": "agree", "override_reason": WHY}
    w.do(reviewer or w.reviewer, case, "review", review, D(2026, 3, 11))
    signed = approve or amount
    w.do(head or w.head, case, "approve", {"penalty": fine(signed), "override_reason": WHY}, D(2026, 3, 12))
    w.do(lead, case, "notice", {}, D(2026, 3, 12))
    w.do(
        lead,
        case,
        "serve",
        {"document": "notice", "method": "in_person", "served_on": "2026-03-12"},
        D(2026, 3, 12),
    )
    w.do(lead, case, "statement", {"kind": "waiver", "stated_on": "2026-03-13"}, D(2026, 3, 13))
    decision = {"outcome": "penalty", "penalty": fine(signed), "reasons": "事实清楚", "override_reason": WHY}
    w.do(head or w.head, case, "decide", decision, D(2026, 3, 16))
    return case

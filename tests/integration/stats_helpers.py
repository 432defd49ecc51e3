"""A constructed history with known statistics (tests of zhifa.stats): five cases in 江岸, one in 赤壁.

江岸 (武汉), all in 2026:
- A: 立案 03-04, 调查终结 03-10, 罚款 5,000 decided 03-20, served the same day, published 03-25 (on time),
  paid, closed 04-08 — every step recorded the day it happened: 全流程网办.
- F: the same path with 罚款 3,000 and 没收违法所得 1,000, but the decision served 03-20 is recorded only on
  03-27 (补录): closed 04-10, not online; never published.
- B: clue 03-02, 不予立案 03-06.
- D: clue 03-02, never handled: clue check due 03-23 (15 working days) → one clue breach.
- C: 当场处罚 200 yuan on 05-06 (简易程序: not published, not a clue).
赤壁 (咸宁): E, a clue registered 03-02 by the 赤壁 handler.
"""

from __future__ import annotations

from datetime import date as D

from tests.integration.case_helpers import ORG, PERSON, World, fine
from tests.integration.onsite_helpers import HEARD_NO_SIGNATURE
from tests.integration.outbox_helpers import decided
from zhifa.services.cases import issue_summary_penalty, register_clue

TODAY = D(2026, 6, 30)


def build_history(w: World) -> dict[str, str]:
    """Write the history through the case services; returns the case ids by letter."""
    a = decided(w, ORG, fine("5000"))
    w.do(
        w.h1,
        a,
        "serve",
        {"document": "decision", "method": "in_person", "served_on": "2026-03-20"},
        D(2026, 3, 20),
    )
    w.do(w.h1, a, "publish", {"published_on": "2026-03-25"}, D(2026, 3, 25))
    w.do(w.h1, a, "pay", {"amount": "5000", "paid_on": "2026-04-07"}, D(2026, 4, 7))
    w.do(w.head, a, "close", {"ground": "executed"}, D(2026, 4, 8))

    both = {"kinds": ["fine", "confiscate_income"], "fine": "3000", "confiscated_income": "1000"}
    f = decided(w, ORG, both)
    late = {"document": "decision", "method": "mail", "served_on": "2026-03-20"}
    w.do(w.h1, f, "serve", late, D(2026, 3, 27))  # 邮寄送达, recorded a week later
    w.do(w.h2, f, "pay", {"amount": "4000", "paid_on": "2026-04-09"}, D(2026, 4, 9))
    w.do(w.head, f, "close", {"ground": "executed"}, D(2026, 4, 10))

    b = w.clue(D(2026, 3, 2))
    decline = {"ground": "first_violation_minor_harm", "reason": "初次违法，危害后果轻微并已当场改正"}
    w.do(w.head, b, "decline", decline, D(2026, 3, 6))
    d = w.clue(D(2026, 3, 2))

    summary = {
        "party": PERSON, "act_date": "2026-05-06", "violation": "未明码标价",
        "basis": "《明码标价和禁止价格欺诈规定》第二十一条", "penalty": fine("200"),
        "officer_ids": [w.h1.user_id, w.h2.user_id], "place": "江岸区某农贸市场", **HEARD_NO_SIGNATURE,
    }  # fmt: skip
    c = issue_summary_penalty(w.uow(), w.h1, summary, D(2026, 5, 6)).id

    body = {"source": "inspection", "discovered_on": "2026-03-02", "summary": "检查发现未明码标价"}
    e = register_clue(w.uow(), w.chibi_handler, body, D(2026, 3, 2)).id
    return {"A": a, "F": f, "B": b, "D": d, "C": c, "E": e}

"""Deadline lists: who sees which cases (压案不办 for 负责人 and 纪检), pauses, unknown calendar years."""

from __future__ import annotations

from datetime import UTC, datetime
from datetime import date as D

import pytest
from sqlalchemy import Engine, update

from tests.integration.case_helpers import World, evidence_body, file_body, make_world
from zhifa.domain.state import Case
from zhifa.errors import NotFound, PermissionDenied, ValidationFailed
from zhifa.services.calendar import set_override
from zhifa.services.calendar_years import mark_year_complete
from zhifa.services.deadlines import clear_cache, deadline_list, due_soon, overdue
from zhifa.store.models.cases import CaseRow


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _keys(items: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(i["case_id"], i["key"]) for i in items]


def test_clue_check_overdue_after_15_working_days_程序规定_18_seen_by_head_and_inspector(w: World) -> None:
    stale = w.clue(D(2026, 3, 2))  # 15 working days → 2026-03-23
    fresh = w.clue(D(2026, 3, 20), who=w.h2)
    today = D(2026, 3, 25)
    head = overdue(w.uow(), w.head, today)
    assert (
        _keys(head) == [(stale, "clue_check")]
        and head[0]["due"] == "2026-03-23"
        and head[0]["days_left"] == -2
    )
    assert _keys(overdue(w.uow(), w.inspector, today)) == [(stale, "clue_check")]  # 纪检 of 武汉 sees 江岸
    assert overdue(w.uow(), w.chibi_head, today) == []  # another county sees nothing
    assert _keys(overdue(w.uow(), w.h1, today)) == []  # a handler sees only cases assigned to them
    assert _keys(due_soon(w.uow(), w.head, 10, today)) == [(stale, "clue_check")]
    soon = due_soon(w.uow(), w.head, 30, today)
    assert _keys(soon) == [(stale, "clue_check"), (fresh, "clue_check")]  # overdue first, then soonest
    # 03-20 + 15 working days, 清明 (04-06) not counted
    assert soon[1]["due"] == "2026-04-13" and soon[1]["basis"] == "程序规定第十八条"


def test_handler_sees_own_filed_cases_and_the_decision_clock_程序规定_64(w: World) -> None:
    case = w.clue(D(2026, 3, 2))
    w.do(w.head, case, "file", file_body(w), D(2026, 3, 4))
    mine = due_soon(w.uow(), w.h1, 90, D(2026, 3, 10))
    assert _keys(mine) == [(case, "decision")] and mine[0]["due"] == "2026-06-02" and mine[0]["unit"] == "日"
    assert due_soon(w.uow(), w.h3, 90, D(2026, 3, 10)) == []  # not a handler of this case
    assert due_soon(w.uow(), w.h1, 30, D(2026, 3, 10)) == []  # 84 days left


def test_a_paused_clock_is_not_listed_as_due_soon_程序规定_64_2(w: World) -> None:
    case = w.clue(D(2026, 3, 2))
    w.do(w.head, case, "file", file_body(w), D(2026, 3, 4))
    w.do(w.h1, case, "add-evidence", evidence_body(w, D(2026, 3, 5)), D(2026, 3, 5))
    testing = {"kind": "testing", "started_on": "2026-05-20", "reason": "送检验机构检验"}
    w.do(w.h1, case, "pause-clock", testing, D(2026, 5, 20))
    items = deadline_list(w.uow(), w.h1, D(2026, 5, 28), within_days=10)
    assert items == []  # the decision clock is paused while testing runs
    w.do(w.h1, case, "resume-clock", {"kind": "testing", "ended_on": "2026-06-01"}, D(2026, 6, 1))
    after = due_soon(w.uow(), w.h1, 20, D(2026, 6, 1))
    assert _keys(after) == [(case, "decision")] and after[0]["due"] == "2026-06-15"  # 12 testing days added


def test_unknown_calendar_year_is_reported_until_the_administrator_enters_it(w: World) -> None:
    case = w.clue(D(2026, 12, 21))  # 15 working days reach into 2027, which chinese-calendar does not know
    items = deadline_list(w.uow(), w.head, D(2026, 12, 22), within_days=5)
    assert _keys(items) == [(case, "clue_check")] and items[0]["due"] is None
    assert "2027年的节假日安排尚未录入" in items[0]["warning"]
    with w.uow() as uow:
        set_override(uow, None, D(2027, 1, 1), False, "元旦")
        uow.commit()
    # one entry does not make 2027 known: still unknown until the whole table is marked complete
    still = deadline_list(w.uow(), w.head, D(2026, 12, 22), within_days=5)
    assert still[0]["due"] is None and "2027年的节假日安排尚未录入" in still[0]["warning"]
    with w.uow() as uow, pytest.raises(ValidationFailed) as incomplete:
        mark_year_complete(uow, None, 2027)
    assert incomplete.value.code == "calendar_year_incomplete" and "劳动节" in incomplete.value.message
    with pytest.raises(PermissionDenied), w.uow() as uow:
        mark_year_complete(uow, w.head, 2027)
    with w.uow() as uow:
        set_override(uow, None, D(2027, 5, 1), False, "劳动节")
        set_override(uow, None, D(2027, 10, 1), False, "国庆节")
        mark_year_complete(uow, None, 2027, "国务院办公厅关于2027年部分节假日安排的通知")
        uow.commit()
    known = deadline_list(w.uow(), w.head, D(2026, 12, 22), within_days=30)
    assert known[0]["due"] == "2027-01-12" and known[0]["warning"] is None


def test_operator_listing_by_agency_and_bad_input(w: World) -> None:
    w.clue(D(2026, 3, 2))
    assert len(deadline_list(w.uow(), None, D(2026, 4, 1), within_days=0)) == 1
    assert deadline_list(w.uow(), None, D(2026, 4, 1), within_days=0, agency="421281") == []
    with pytest.raises(ValidationFailed):
        deadline_list(w.uow(), None, D(2026, 4, 1), within_days=-1)
    with pytest.raises(NotFound):
        deadline_list(w.uow(), w.chibi_head, D(2026, 4, 1), within_days=3, agency="420102")


def test_a_list_shows_the_case_as_it_is_now_after_it_moved_on_程序规定_18_64(w: World) -> None:
    # lists keep replayed cases between calls (by ledger seq): a case that moved on is read again
    case = w.clue(D(2026, 3, 2))
    before = due_soon(w.uow(), w.head, 30, D(2026, 3, 10))
    assert _keys(before) == [(case, "clue_check")]
    assert _keys(due_soon(w.uow(), w.head, 30, D(2026, 3, 10))) == [(case, "clue_check")]  # unchanged
    w.do(w.head, case, "file", file_body(w), D(2026, 3, 11))
    after = due_soon(w.uow(), w.head, 90, D(2026, 3, 12))
    assert _keys(after) == [(case, "decision")] and after[0]["due"] == "2026-06-09"  # 03-11 + 90 days


def test_a_list_replays_only_the_cases_that_moved_since_the_last_one(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    moving, resting = w.clue(D(2026, 3, 2)), w.clue(D(2026, 3, 3))
    names = {D(2026, 3, 2): moving, D(2026, 3, 3): resting}  # which case was replayed, by its clue date
    replayed: list[str] = []
    replay = Case.replay.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Case], events: object) -> Case:
        case = replay(cls, events)
        assert case.discovered_on is not None
        replayed.append(names[case.discovered_on])
        return case

    monkeypatch.setattr(Case, "replay", classmethod(counting))
    clear_cache()
    due_soon(w.uow(), w.head, 30, D(2026, 3, 10))
    assert sorted(replayed) == sorted([moving, resting])
    replayed.clear()
    due_soon(w.uow(), w.head, 30, D(2026, 3, 10))
    assert replayed == []  # nothing moved: nothing read again
    w.do(w.head, moving, "file", file_body(w), D(2026, 3, 11))
    replayed.clear()
    due_soon(w.uow(), w.head, 90, D(2026, 3, 12))
    assert replayed == [moving]
    # a row rewritten under the same id and seq (a demo database built again) is not taken for the old one
    with w.uow() as uow:
        uow.session.execute(update(CaseRow).where(CaseRow.id == resting).values(updated_at=datetime.now(UTC)))
        uow.commit()
    replayed.clear()
    due_soon(w.uow(), w.head, 90, D(2026, 3, 12))
    assert replayed == [resting]

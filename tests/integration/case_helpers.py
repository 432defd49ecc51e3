"""A small world for case-service tests: the agency tree, officers of 江岸 and 赤壁, and JSON bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.integration.identity_helpers import make_agencies, make_user
from zhifa.config import Settings
from zhifa.domain.actors import Actor
from zhifa.domain.calendar import WorkingCalendar
from zhifa.services.cases import china_today, register_clue, run_action
from zhifa.store.db import make_session_factory
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.documents import IssuedDocNumber
from zhifa.store.models.ledger import LedgerRecord
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

ORG = {"kind": "organization", "name": "武汉江岸某某商贸有限公司", "uscc": "91350100M000100Y43"}
PERSON = {"kind": "person", "name": "张某", "id_number": "11010519491231002X"}


@dataclass
class World:
    """Actors of the test world."""

    engine: Engine
    h1: Actor
    h2: Actor
    h3: Actor
    reviewer: Actor
    unqualified: Actor
    head: Actor
    presider: Actor
    inspector: Actor
    chibi_handler: Actor
    chibi_head: Actor

    def uow(self) -> UnitOfWork:
        """A fresh unit of work."""
        return UnitOfWork(self.engine)

    def do(
        self, who: Actor, case_id: str, action: str, data: dict[str, Any] | None, on: date, **options: Any
    ) -> str:
        """Run one action; returns the new stage."""
        return run_action(self.uow(), who, case_id, action, data, on, **options).stage

    def clue(self, on: date, party: dict[str, Any] | None = ORG, who: Actor | None = None) -> str:
        """Register a clue in 江岸; returns the case id."""
        body = {"source": "complaint", "discovered_on": on.isoformat(), "summary": "消费者投诉销售过期食品"}
        if party:
            body["party"] = party
        return register_clue(self.uow(), who or self.h1, body, on).id

    def counts(self) -> tuple[int, int, int]:
        """(ledger records, case rows, issued 文号) — to show that a refusal wrote nothing."""
        with self.uow() as uow:
            s = uow.session
            return (
                s.scalar(select(func.count()).select_from(LedgerRecord)) or 0,
                s.scalar(select(func.count()).select_from(CaseRow)) or 0,
                s.scalar(select(func.count()).select_from(IssuedDocNumber)) or 0,
            )


def make_world(engine: Engine) -> World:
    """Create the agencies and the users."""
    make_agencies(engine)
    return World(
        engine=engine,
        h1=make_user(engine, "ja_h1", "420102", "handler", display_name="张伟"),
        h2=make_user(engine, "ja_h2", "420102", "handler", display_name="李娜"),
        h3=make_user(engine, "ja_h3", "420102", "handler", display_name="刘强"),
        reviewer=make_user(
            engine, "ja_rev", "420102", "reviewer", display_name="王芳", legal_qualification=True
        ),
        unqualified=make_user(engine, "ja_rev2", "420102", "reviewer", display_name="钱进"),
        head=make_user(engine, "ja_head", "420102", "head", display_name="赵强"),
        presider=make_user(
            engine, "ja_pres", "420102", "reviewer", display_name="孙悦", legal_qualification=True
        ),
        inspector=make_user(engine, "wh_jj", "420100", "inspector", display_name="陈静"),
        chibi_handler=make_user(engine, "cb_h1", "421281", "handler", display_name="孙磊"),
        chibi_head=make_user(engine, "cb_head", "421281", "head", display_name="吴刚"),
    )


def fine(amount: str) -> dict[str, Any]:
    """A fine-only penalty body."""
    return {"kinds": ["fine"], "fine": amount}


def file_body(w: World, party: dict[str, Any] = ORG, **extra: Any) -> dict[str, Any]:
    """立案 with h1 and h2."""
    return {
        "party": party,
        "act_date": "2026-02-20",
        "violation": "销售超过保质期的食品",
        "handler_ids": [w.h1.user_id, w.h2.user_id],
        **extra,
    }


def evidence_body(w: World, on: date, title: str = "现场检查笔录") -> dict[str, Any]:
    """A record taken by h1 with h2."""
    return {
        "item": {"kind": "record", "title": title, "source": "现场检查"},
        "collected_on": on.isoformat(),
        "co_handler_id": w.h2.user_id,
    }


def report_body(proposal: dict[str, Any] | None, outcome: str = "penalty", **extra: Any) -> dict[str, Any]:
    """调查终结报告 with discretion reasons (程序规定第四十八条)."""
    return {
        "facts": "经查，当事人在经营场所销售超过保质期的预包装食品12件，货值金额360元。",
        "proposed_outcome": outcome,
        "proposal": proposal,
        "discretion_reasons": "当事人初次违法、积极配合调查并主动下架，依裁量基准从轻处罚",
        "legal_basis": ["《中华人民共和国食品安全法》第一百二十四条第一款第五项"],
        **extra,
    }


def api_client(w: World, tmp_path: Any) -> TestClient:
    """A test client of the whole app on the world's database (its own var directory under tmp_path)."""
    settings = Settings(secret_key="test-secret-key", var_dir=tmp_path / "var")
    app = create_app(settings)
    app.state.zhifa = AppState(
        settings=settings, engine=w.engine, session_factory=make_session_factory(w.engine)
    )
    return TestClient(app)


STAND_IN_NOTE = "测试替身：视为管理员已录入（仅录法定固定日期节日，非国务院实际放假安排）"


def enter_years_of_today(w: World) -> WorkingCalendar:
    """For tests whose dates follow the clock (`china_today`): from mid-December a 15-working-day period
    reaches into next year, and after New Year the year itself may be one chinese-calendar does not know.
    As the administrator would, enter such a year — here only the fixed-date statutory holidays (全国年节及
    纪念日放假办法 第二条; a stand-in, not the State Council's arrangement) — and mark it complete.
    Returns the calendar the server now counts with."""
    from zhifa.services.calendar import load_calendar, set_override
    from zhifa.services.calendar_years import FIXED_HOLIDAYS, mark_year_complete

    year = china_today().year
    with w.uow() as uow:
        for y in (year, year + 1):
            if load_calendar(uow).knows_year(y):
                continue
            for month, day, name in FIXED_HOLIDAYS:
                set_override(uow, None, date(y, month, day), False, name)
            mark_year_complete(uow, None, y, STAND_IN_NOTE)
        uow.commit()
    with w.uow() as uow:
        return load_calendar(uow)

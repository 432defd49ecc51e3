"""Demo cases in 江岸 (420102) and 赤壁 (421281), in every stage, run through the real services.

The facts are modelled on published market-regulation decisions (未明码标价, 虚构原价, 过期食品,
未取得食品经营许可, 计量器具未检定, 虚假广告, 假冒注册商标); party names are invented and their
统一社会信用代码 / 身份证号 are generated with valid check characters. Dates are relative to `today`.
Idempotent: each case has a fixed id (uuid5 of its key) and an existing case is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from zhifa.demo.identifiers import demo_case_id
from zhifa.demo.scripts import SCRIPTS, Step
from zhifa.identity.scope import actor_from_user
from zhifa.services.calendar import load_calendar, set_override
from zhifa.services.cases import issue_summary_penalty, register_clue, run_action
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.identity import User
from zhifa.store.uow import UnitOfWork

# 全国年节及纪念日放假办法（2024年修订）第二条: the statutory holidays of 2027 (lunar dates resolved);
# the State Council's 调休 arrangement is not known yet, so only these days are entered, marked provisional.
HOLIDAYS_2027 = {
    "2027-01-01": "元旦", "2027-02-05": "春节（农历除夕）", "2027-02-06": "春节", "2027-02-07": "春节",
    "2027-02-08": "春节", "2027-04-05": "清明节", "2027-05-01": "劳动节", "2027-05-02": "劳动节",
    "2027-06-09": "端午节", "2027-09-15": "中秋节", "2027-10-01": "国庆节", "2027-10-02": "国庆节",
    "2027-10-03": "国庆节",
}  # fmt: skip


def ensure_provisional_holidays(uow: UnitOfWork) -> int:
    """Enter the 2027 statutory holidays when the calendar does not know 2027 yet; returns days added."""
    with uow:
        if load_calendar(uow).knows_year(2027):
            return 0
        for day, name in HOLIDAYS_2027.items():
            note = f"{name}（法定节假日；调休安排公布前暂定，请管理员核对）"
            set_override(uow, None, date.fromisoformat(day), False, note)
        uow.commit()
    return len(HOLIDAYS_2027)


def _users(uow: UnitOfWork) -> dict[str, Any]:
    with uow:
        return {u.username: actor_from_user(u) for u in uow.session.scalars(select(User))}


def _exists(uow: UnitOfWork, case_id: str) -> bool:
    with uow:
        return uow.session.get(CaseRow, case_id) is not None


def _run(
    make_uow: Callable[[], UnitOfWork], case_id: str, steps: list[Step], today: date, actors: dict[str, Any]
) -> str:
    stage = ""
    for step in steps:
        on = today + timedelta(days=step.offset)
        who = actors[step.user]
        if step.action == "register":
            stage = register_clue(make_uow(), who, step.data, on, case_id=case_id).stage
        elif step.action == "summary":
            stage = issue_summary_penalty(make_uow(), who, step.data, on, case_id=case_id).stage
        else:
            stage = run_action(make_uow(), who, case_id, step.action, step.data, on).stage
    return stage


def load_demo_cases(make_uow: Callable[[], UnitOfWork], today: date) -> list[tuple[str, str, str]]:
    """Create the demo cases that are missing; returns (key, stage, status) per case."""
    ensure_provisional_holidays(make_uow())
    actors = _users(make_uow())
    ids = {name: a.user_id for name, a in actors.items()}
    out = []
    for key, build in SCRIPTS.items():
        case_id = demo_case_id(key)
        if _exists(make_uow(), case_id):
            with make_uow() as uow:
                row = uow.session.get(CaseRow, case_id)
                out.append((key, row.stage if row else "", "已存在"))
            continue
        out.append((key, _run(make_uow, case_id, build(today, ids), today, actors), "新建"))
    return out

"""The demo cases: every stage present in 江岸 and 赤壁, valid identifiers, idempotent, ledger verifies."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, func, select
from stdnum.cn import uscc

from zhifa.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from zhifa.demo.cases import load_demo_cases
from zhifa.identity.agencies import load_hubei_agencies
from zhifa.identity.users import add_user
from zhifa.ledger import SignatureChecker, verify_all
from zhifa.store.ledger_repo import SqlKeyStore, SqlLedgerStore
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.ledger import LedgerRecord
from zhifa.store.uow import UnitOfWork

TODAY = date(2026, 11, 26)
STAGES = {
    "clue",
    "not_filed",
    "investigation",
    "review",
    "approval",
    "statement",
    "hearing",
    "decided",
    "execution",
    "pending_close",
    "suspended",
    "transferred",
    "closed",
    "archived",
}


def _demo_users(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        load_hubei_agencies(uow.session)
        for u in DEMO_USERS:
            add_user(
                uow.session,
                None,
                username=u.username,
                display_name=u.name,
                agency_code=u.agency,
                roles=list(u.roles),
                password=DEMO_PASSWORD,
                credential_no=u.credential_no,
                legal_qualification=u.legal,
                demo=True,  # the published demo password is let through for demo accounts only
            )
        uow.commit()


def test_demo_cases_cover_every_stage_and_load_only_once(engine: Engine) -> None:
    _demo_users(engine)
    first = load_demo_cases(lambda: UnitOfWork(engine), TODAY)
    assert all(status == "新建" for _, _, status in first) and len(first) >= 12
    with UnitOfWork(engine) as uow:
        rows = [
            (r.stage, r.procedure, r.agency_path, r.party_code) for r in uow.session.scalars(select(CaseRow))
        ]
        records = uow.session.scalar(select(func.count()).select_from(LedgerRecord))
        report = verify_all(
            SqlLedgerStore(uow.session).iter_records(), SignatureChecker(SqlKeyStore(uow.session))
        )
    assert {stage for stage, _, _, _ in rows} >= STAGES
    assert {procedure for _, procedure, _, _ in rows} == {"ordinary", "summary"}
    assert {path.rstrip("/").rsplit("/", 1)[-1] for _, _, path, _ in rows} == {"420102", "421281"}
    assert all(uscc.is_valid(code) for _, _, _, code in rows if code)
    assert report.ok and report.signatures > 40, [p.describe() for p in report.problems]
    second = load_demo_cases(lambda: UnitOfWork(engine), TODAY)
    assert all(status == "已存在" for _, _, status in second)
    with UnitOfWork(engine) as uow:
        assert uow.session.scalar(select(func.count()).select_from(LedgerRecord)) == records

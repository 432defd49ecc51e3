"""Hot-path statements (zhifa.store.hot) behave as session.execute does, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import cast

import pytest
from sqlalchemy import Engine, Table, bindparam, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from zhifa.store import case_repo, db
from zhifa.store.case_repo import CaseRecord
from zhifa.store.hot import Hot
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.identity import Agency, User
from zhifa.store.uow import UnitOfWork

_AGENCIES = cast(Table, Agency.__table__)
_BY_CODE = Hot(select(_AGENCIES.c.code, _AGENCIES.c.name).where(_AGENCIES.c.code == bindparam("b_code")))
_FIRST_CODE = Hot(select(_AGENCIES.c.code).order_by(_AGENCIES.c.code).limit(1))  # carries LIMIT's own value
_ADD = Hot(
    insert(_AGENCIES),
    columns=["code", "name", "short_name", "level", "division_code", "docno_prefix", "path"],
)


def _agency(code: str, name: str) -> dict[str, str]:
    return {
        "code": code, "name": name, "short_name": name[:2], "level": "county", "division_code": code,
        "docno_prefix": "岸市监", "path": f"/420000/420100/{code}/",
    }  # fmt: skip


def _seed(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        _ADD.many(
            uow.session,
            [_agency("420102", "江岸区市场监督管理局"), _agency("420103", "江汉区市场监督管理局")],
        )
        uow.commit()


def test_rows_parameters_and_the_statements_own_values(engine: Engine) -> None:
    _seed(engine)
    with UnitOfWork(engine, read_only=True) as uow:
        assert _BY_CODE.all(uow.session, {"b_code": "420103"}) == [("420103", "江汉区市场监督管理局")]
        assert _BY_CODE.first(uow.session, {"b_code": "999999"}) is None
        assert _FIRST_CODE.scalar(uow.session) == "420102"


def test_a_unique_violation_is_sqlalchemys_integrity_error_and_the_transaction_is_rolled_back(
    engine: Engine,
) -> None:
    _seed(engine)
    with UnitOfWork(engine) as uow, pytest.raises(IntegrityError):
        _ADD.many(uow.session, [_agency("420104", "硚口区市场监督管理局"), _agency("420102", "重复")])
    with UnitOfWork(engine, read_only=True) as uow:
        assert uow.session.scalar(text("SELECT count(*) FROM agencies")) == 2  # nothing of the batch stayed


def test_pending_orm_objects_are_flushed_before_a_hot_statement_reads(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        uow.session.add(Agency(**_agency("420105", "汉阳区市场监督管理局")))
        assert _BY_CODE.first(uow.session, {"b_code": "420105"}) == ("420105", "汉阳区市场监督管理局")


def test_case_record_holds_exactly_the_columns_of_the_cases_table() -> None:
    assert tuple(c.name for c in cast(Table, CaseRow.__table__).columns) == case_repo.COLUMN_NAMES


def _user(engine: Engine) -> int:
    _seed(engine)
    with UnitOfWork(engine) as uow:
        agency_id = uow.session.scalar(select(Agency.id).where(Agency.code == "420102"))
        user = User(
            username="u1", display_name="办案员甲", agency_id=agency_id, password_hash="x",
            created_at=datetime.now(UTC),
        )  # fmt: skip
        uow.session.add(user)
        uow.commit()
        return user.id


def test_case_record_round_trip_keeps_types_and_the_update_is_guarded_by_last_seq(engine: Engine) -> None:
    user_id = _user(engine)
    now = datetime(2026, 11, 26, 8, 30, tzinfo=UTC)
    record = CaseRecord(
        id="c" * 32, stream_id="case-" + "c" * 32, agency_id=1, agency_path="/420000/420100/420102/",
        stage="clue", procedure="ordinary", title="", summary="", violation="", party_kind="", party_name="",
        party_code="", act_date=None, discovered_on=None, filed_on=None, decided_on=None, outcome="",
        fine=None, penalty_kinds="", filing_docno="", notice_docno="", decision_docno="", last_seq=0,
        last_on=None, created_by=user_id, created_at=now, updated_at=now, stored=False,
    )  # fmt: skip
    with UnitOfWork(engine) as uow:
        record.agency_id = uow.session.scalar(select(Agency.id).where(Agency.code == "420102"))
        assert case_repo.write(uow.session, record, {"title": "线索", "last_seq": 1})
        uow.commit()
    with UnitOfWork(engine) as uow:
        loaded = case_repo.load(uow.session, record.id)
        assert loaded is not None and loaded.stored and loaded.title == "线索" and loaded.last_seq == 1
        # PostgreSQL gives the aware datetime back; SQLite keeps no zone (the ORM read it the same way)
        assert loaded.created_at.replace(tzinfo=loaded.created_at.tzinfo or UTC) == now
        stale = case_repo.load(uow.session, record.id)
        assert stale is not None
        change = {"fine": Decimal("2000.00"), "act_date": date(2026, 11, 1), "last_seq": 2}
        assert case_repo.write(uow.session, loaded, change)
        assert not case_repo.write(uow.session, stale, {"title": "另一个写入者", "last_seq": 2})
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        again = case_repo.load(uow.session, record.id)
        assert again is not None
        assert (again.fine, again.act_date, again.title, again.last_seq) == (
            Decimal("2000.00"), date(2026, 11, 1), "线索", 2,
        )  # fmt: skip


def test_postgres_connection_lost_in_a_hot_statement_is_invalidated(pg_engine: Engine) -> None:
    _seed(pg_engine)
    with UnitOfWork(pg_engine) as uow:
        pid = uow.session.scalar(text("SELECT pg_backend_pid()"))
        killer = db.make_engine(pg_engine.url.render_as_string(hide_password=False))
        with killer.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        killer.dispose()
        with pytest.raises(OperationalError) as caught:
            _BY_CODE.first(uow.session, {"b_code": "420102"})
        assert caught.value.connection_invalidated
    with UnitOfWork(pg_engine, read_only=True) as uow:  # the pool hands out a live connection again
        assert _BY_CODE.first(uow.session, {"b_code": "420102"}) is not None

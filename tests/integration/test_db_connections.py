"""Pooled connections: read-only units of work and the ping of connections that rested in the pool."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine, text

from zhifa.store import db
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork


def test_read_only_unit_of_work_reads_committed_rows_and_cannot_commit(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        agency = Agency(
            code="420102", name="江岸区市场监督管理局", short_name="江岸", level="county",
            division_code="420102", docno_prefix="岸市监", path="/420000/420100/420102/",
        )  # fmt: skip
        uow.session.add(agency)
        uow.commit()
    with UnitOfWork(engine, read_only=True) as ro:
        assert ro.session.scalar(text("SELECT count(*) FROM agencies WHERE code = '420102'")) == 1
        with pytest.raises(RuntimeError, match="只读"):
            ro.commit()


def _transaction_starts(engine: Engine, read_only: bool) -> tuple[object, object]:
    with UnitOfWork(engine, read_only=read_only) as uow:
        first = uow.session.scalar(text("SELECT transaction_timestamp()"))
        time.sleep(0.02)
        second = uow.session.scalar(text("SELECT transaction_timestamp()"))
    return first, second


def test_postgres_read_only_unit_of_work_runs_without_a_transaction(pg_engine: Engine) -> None:
    first, second = _transaction_starts(pg_engine, read_only=True)
    assert first != second  # autocommit: each statement is its own transaction (no BEGIN/ROLLBACK trips)
    first, second = _transaction_starts(pg_engine, read_only=False)
    assert first == second  # a writing unit of work is one transaction (on the same pooled connection)


def test_postgres_connection_closed_while_idle_in_the_pool_is_replaced(
    pg_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pg_engine.connect() as conn:
        old_pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    # the server drops the idle connection (a restart, idle_session_timeout, a network cut)
    killer = db.make_engine(pg_engine.url.render_as_string(hide_password=False))
    with killer.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": old_pid}).scalar() is True
    killer.dispose()
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)  # as if it rested longer than the threshold
    with UnitOfWork(pg_engine, read_only=True) as uow:
        new_pid = uow.session.scalar(text("SELECT pg_backend_pid()"))
        assert uow.session.scalar(text("SELECT count(*) FROM agencies")) == 0
    assert new_pid != old_pid

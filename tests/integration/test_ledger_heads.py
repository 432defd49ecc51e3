"""Sealed appends claim the stream's head row: stale reads conflict, old unsealed streams still append."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from zhifa.errors import Conflict
from zhifa.ledger import NewEvent, Sealer, verify_stream
from zhifa.store.ledger_repo import SqlLedgerStore
from zhifa.store.models.ledger import LedgerHead
from zhifa.store.uow import UnitOfWork

SEALER = Sealer("test-ledger-seal-secret")


def _event(n: int) -> list[NewEvent]:
    return [NewEvent("EvidenceAdded", {"item": f"证据{n}"}, "system")]


def _append(engine: Engine, stream: str, n: int, expected: int, sealer: Sealer | None = SEALER) -> None:
    with UnitOfWork(engine) as uow:
        SqlLedgerStore(uow.session, sealer=sealer).append(stream, _event(n), expected)
        uow.commit()


def _head(engine: Engine, stream: str) -> tuple[int, str] | None:
    with UnitOfWork(engine, read_only=True) as uow:
        row = uow.session.execute(
            select(LedgerHead.seq, LedgerHead.hash).where(LedgerHead.stream_id == stream)
        ).first()
        return (row[0], row[1]) if row else None


def _verified(engine: Engine, stream: str) -> list[str]:
    with UnitOfWork(engine) as uow:
        store = SqlLedgerStore(uow.session, sealer=SEALER)
        records, head = store.read(stream), store.sealed_head(stream)
    assert head is not None and (head.seq, head.hash) == (records[-1].seq, records[-1].hash)
    assert verify_stream(records, stream_id=stream, sealer=SEALER, head=head).ok
    return [str(r.payload["item"]) for r in records]


def test_an_append_after_a_stale_read_conflicts_and_keeps_the_session(pg_engine: Engine) -> None:
    _append(pg_engine, "case-s", 1, 0)
    with UnitOfWork(pg_engine) as uow:
        store = SqlLedgerStore(uow.session, sealer=SEALER)
        assert [r.seq for r in store.read("case-s")] == [1]  # remembers seq 1 and its hash
        _append(pg_engine, "case-s", 2, 1)  # another writer moves the head after our read
        with pytest.raises(Conflict) as err:
            store.append("case-s", _event(3), 1)
        assert err.value.code == "ledger_conflict" and err.value.details["actual_seq"] == 2
        assert len(store.read("case-s")) == 2  # the transaction is still usable
    assert _verified(pg_engine, "case-s") == ["证据1", "证据2"]


def test_appends_chain_onto_what_this_session_read_or_wrote(engine: Engine) -> None:
    _append(engine, "case-c", 1, 0)
    with UnitOfWork(engine) as uow:
        store = SqlLedgerStore(uow.session, sealer=SEALER)
        store.read("case-c")
        store.append("case-c", _event(2), 1)
        store.append("case-c", _event(3), 2)  # the head it just wrote
        with pytest.raises(Conflict):
            store.append("case-c", _event(9), 2)
        uow.commit()
    assert _verified(engine, "case-c") == ["证据1", "证据2", "证据3"]


def test_a_new_stream_taken_by_another_writer_conflicts(engine: Engine) -> None:
    _append(engine, "case-n", 1, 0)
    with pytest.raises(Conflict) as err:
        _append(engine, "case-n", 9, 0)
    assert err.value.code == "ledger_conflict"
    with UnitOfWork(engine) as uow:
        assert len(SqlLedgerStore(uow.session).read("case-n")) == 1


def test_a_stream_written_without_a_sealer_gets_its_head_on_the_next_sealed_append(engine: Engine) -> None:
    _append(engine, "case-u", 1, 0, sealer=None)
    _append(engine, "case-u", 2, 1, sealer=None)
    assert _head(engine, "case-u") is None
    _append(engine, "case-u", 3, 2)
    assert _head(engine, "case-u") is not None
    with UnitOfWork(engine) as uow:
        records = SqlLedgerStore(uow.session).read("case-u")
    assert [r.seq for r in records] == [1, 2, 3] and _head(engine, "case-u") == (3, records[-1].hash)

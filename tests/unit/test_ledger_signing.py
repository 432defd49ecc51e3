"""Per-user keys: created on first use, sealed at rest, revocation, and the SQL key store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from zhifa.errors import ConfigurationError
from zhifa.ledger import (
    LocalSigner,
    MemoryKeyStore,
    MemoryLedgerStore,
    NewEvent,
    SignatureChecker,
    sm,
    verify_stream,
)


def test_key_created_on_first_sign_and_reused() -> None:
    keys = MemoryKeyStore()
    signer = LocalSigner(keys, "secret")
    assert keys.active_key(5) is None
    sig, key_id = signer.sign(5, b"\x01" * 32)
    assert signer.ensure_user_key(5) == key_id
    key = keys.get(key_id)
    assert key is not None and key.user_id == 5
    assert "PRIVATE KEY" not in key.encrypted_private_key
    assert sm.verify(sm.load_public_pem(key.public_key_pem), sig, b"\x01" * 32)


def test_wrong_secret_cannot_sign() -> None:
    keys = MemoryKeyStore()
    LocalSigner(keys, "right").ensure_user_key(1)
    with pytest.raises(ConfigurationError) as err:
        LocalSigner(keys, "wrong").sign(1, b"\x00" * 32)
    assert err.value.code == "key_decrypt_failed"


def test_revoked_key_keeps_old_signatures_and_is_replaced() -> None:
    keys = MemoryKeyStore()
    store = MemoryLedgerStore(LocalSigner(keys, "s"))
    first = store.append("c", [NewEvent.by_user(2, "ReviewSigned", {}, sign=True)], 0)[0]
    keys.revoke(first.key_id or "", datetime.now(UTC) + timedelta(seconds=5))
    second = store.append("c", [NewEvent.by_user(2, "ReviewSigned", {"n": 2}, sign=True)], 1)[0]
    assert second.key_id != first.key_id
    assert verify_stream(store.read("c"), SignatureChecker(keys)).ok


def test_signature_after_revocation_is_flagged() -> None:
    keys = MemoryKeyStore()
    store = MemoryLedgerStore(LocalSigner(keys, "s"))
    record = store.append("c", [NewEvent.by_user(2, "ReviewSigned", {}, sign=True)], 0)[0]
    keys.revoke(record.key_id or "", datetime.now(UTC) - timedelta(days=1))
    report = verify_stream(store.read("c"), SignatureChecker(keys))
    assert report.problem is not None and report.problem.code == "signature_invalid"
    assert "吊销" in report.problem.message


def test_sql_ensure_user_key(sqlite_engine: Engine) -> None:
    from zhifa.store.ledger_repo import SqlKeyStore, ensure_user_key, sql_signer
    from zhifa.store.models.identity import Agency, User, UserKey
    from zhifa.store.uow import UnitOfWork

    with UnitOfWork(sqlite_engine) as uow:
        agency = Agency(code="420000", name="湖北省市场监督管理局", level="province", division_code="420000",
                        docno_prefix="鄂市监", path="/420000/")  # fmt: skip
        uow.session.add(agency)
        uow.flush()
        uow.session.add(User(id=9, username="u9", display_name="执法员", agency_id=agency.id,
                             password_hash="x", created_at=datetime.now(UTC)))  # fmt: skip
        key_id = ensure_user_key(uow.session, 9)
        assert ensure_user_key(uow.session, 9) == key_id
        uow.commit()
    with UnitOfWork(sqlite_engine) as uow:
        row = uow.session.scalar(select(UserKey).where(UserKey.user_id == 9))
        assert row is not None and row.key_id == key_id
        assert row.encrypted_private_key.startswith(sm.SEALED_PREFIX)
        stored = SqlKeyStore(uow.session).get(key_id)
        assert stored is not None and stored.created_at.tzinfo is not None
        sig, used = sql_signer(uow.session).sign(9, b"\x02" * 32)
        assert used == key_id
        assert SignatureChecker(SqlKeyStore(uow.session)).check(key_id, sig.hex(), b"\x02" * 32, 9) is None

"""One contract for every ledger backend (memory, SQLite, PostgreSQL): append/read, conflicts,
hash chain and signatures, and tampering done directly in storage (DESIGN §2)."""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from zhifa.errors import Conflict, ValidationFailed
from zhifa.ledger import (
    GENESIS_HASH,
    Head,
    LocalSigner,
    MemoryKeyStore,
    MemoryLedgerStore,
    NewEvent,
    Record,
    Sealer,
    SignatureChecker,
    StoredKey,
    compute_hash,
    sm,
    verify_all,
    verify_stream,
)
from zhifa.store.ledger_repo import SqlKeyStore, SqlLedgerStore
from zhifa.store.models.identity import Agency, User
from zhifa.store.uow import UnitOfWork

SECRET = "test-key-encryption-secret"
SEALER = Sealer("test-ledger-seal-secret")
SIGNED = frozenset({"ReviewSigned", "DecisionIssued"})


class MemoryHarness:
    """The in-memory backend behind the common test interface."""

    name = "memory"

    def __init__(self) -> None:
        self.keys = MemoryKeyStore()
        self.store = MemoryLedgerStore(LocalSigner(self.keys, SECRET), sealer=SEALER)

    def append(self, stream: str, events: list[NewEvent], expected: int) -> list[Record]:
        return self.store.append(stream, events, expected)

    def read(self, stream: str, after: int = 0) -> list[Record]:
        return self.store.read(stream, after)

    def all_records(self, batch_size: int = 5000) -> list[Record]:
        return list(self.store.iter_records(batch_size))

    def stream_ids(self) -> list[str]:
        return self.store.stream_ids()

    def heads(self) -> dict[str, Head]:
        return self.store.heads()

    def tamper_head(self, stream: str, head: Head | None) -> None:
        self.store.tamper_head(stream, head)

    def checker(self) -> SignatureChecker:
        return SignatureChecker(self.keys)

    def key_user(self, key_id: str) -> int:
        key = self.keys.get(key_id)
        assert key is not None
        return key.user_id

    def replace_public_key(self, key_id: str, pem: str) -> None:
        key = self.keys.get(key_id)
        assert key is not None
        self.keys.add(dataclasses.replace(key, public_key_pem=pem))

    # tampering: what an attacker with storage access can do
    def _index(self, stream: str, seq: int) -> int:
        return next(i for i, r in enumerate(self.store.read(stream)) if r.seq == seq)

    def tamper_update(self, stream: str, seq: int, /, **columns: Any) -> None:
        fields = {("payload_json" if k == "payload" else k): v for k, v in columns.items()}
        i = self._index(stream, seq)
        old = self.store.read(stream)[i]
        self.store.tamper(stream, i, dataclasses.replace(old, _payload=None, **fields))

    def tamper_delete(self, stream: str, seq: int) -> None:
        self.store.tamper(stream, self._index(stream, seq), None)

    def tamper_swap(self, stream: str, a: int, b: int) -> None:
        ia, ib = self._index(stream, a), self._index(stream, b)
        ra, rb = self.store.read(stream)[ia], self.store.read(stream)[ib]
        self.store.tamper(stream, ia, dataclasses.replace(rb, seq=a))
        self.store.tamper(stream, ib, dataclasses.replace(ra, seq=b))


class SqlHarness:
    """An SQL backend: each call is one committed unit of work, as services do."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name = engine.dialect.name
        with UnitOfWork(engine) as uow:
            agency = Agency(
                code="420102", name="武汉市江岸区市场监督管理局", level="county",
                division_code="420102", docno_prefix="岸市监", path="/420000/420100/420102/",
            )  # fmt: skip
            uow.session.add(agency)
            uow.flush()
            for uid in (1, 2, 3):
                uow.session.add(
                    User(
                        id=uid, username=f"u{uid}", display_name=f"执法员{uid}", agency_id=agency.id,
                        password_hash="x", created_at=datetime.now(UTC),
                    )
                )  # fmt: skip
            uow.commit()

    def _store(self, uow: UnitOfWork) -> SqlLedgerStore:
        return SqlLedgerStore(uow.session, LocalSigner(SqlKeyStore(uow.session), SECRET), sealer=SEALER)

    def append(self, stream: str, events: list[NewEvent], expected: int) -> list[Record]:
        with UnitOfWork(self.engine) as uow:
            records = self._store(uow).append(stream, events, expected)
            uow.commit()
            return records

    def read(self, stream: str, after: int = 0) -> list[Record]:
        with UnitOfWork(self.engine) as uow:
            return self._store(uow).read(stream, after)

    def all_records(self, batch_size: int = 5000) -> list[Record]:
        with UnitOfWork(self.engine) as uow:
            return list(self._store(uow).iter_records(batch_size))

    def stream_ids(self) -> list[str]:
        with UnitOfWork(self.engine) as uow:
            return self._store(uow).stream_ids()

    def heads(self) -> dict[str, Head]:
        with UnitOfWork(self.engine, read_only=True) as uow:
            return self._store(uow).heads()

    def tamper_head(self, stream: str, head: Head | None) -> None:
        with self.engine.begin() as conn:  # a grudging DBA first switches off the head guards (0006)
            if self.name == "postgresql":
                conn.execute(text("SET LOCAL session_replication_role = replica"))
            else:
                conn.execute(text("DROP TRIGGER IF EXISTS ledger_heads_no_delete"))
            conn.execute(text("DELETE FROM ledger_heads WHERE stream_id = :s"), {"s": stream})
            if head is not None:
                conn.execute(
                    text("INSERT INTO ledger_heads (stream_id, seq, hash, seal) VALUES (:s, :q, :h, :x)"),
                    {"s": stream, "q": head.seq, "h": head.hash, "x": head.seal},
                )

    def get(self, key_id: str) -> StoredKey | None:
        """KeyLookup in a short transaction of its own (SQLite: never hold the write lock)."""
        with UnitOfWork(self.engine) as uow:
            return SqlKeyStore(uow.session).get(key_id)

    def checker(self) -> SignatureChecker:
        return SignatureChecker(self)

    def key_user(self, key_id: str) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(text("SELECT user_id FROM user_keys WHERE key_id=:k"), {"k": key_id}).one()[0]
            )

    def replace_public_key(self, key_id: str, pem: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                text("UPDATE user_keys SET public_key_pem=:p WHERE key_id=:k"), {"p": pem, "k": key_id}
            )

    # tampering: drop the append-only trigger first, as an attacker with DB access would
    def _attack(self, sql: str, params: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            if self.name == "postgresql":
                conn.execute(text("ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_append_only"))
            else:
                conn.execute(text("DROP TRIGGER IF EXISTS ledger_events_no_update"))
                conn.execute(text("DROP TRIGGER IF EXISTS ledger_events_no_delete"))
            conn.execute(text(sql), params)
            if self.name == "postgresql":  # the schema is shared by the session's tests: put it back
                conn.execute(text("ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_append_only"))

    def tamper_update(self, stream: str, seq: int, /, **columns: Any) -> None:
        sets = ", ".join(f"{k} = :{k}" for k in columns)
        self._attack(
            f"UPDATE ledger_events SET {sets} WHERE stream_id = :s AND seq = :q",
            {**columns, "s": stream, "q": seq},
        )

    def tamper_delete(self, stream: str, seq: int) -> None:
        self._attack("DELETE FROM ledger_events WHERE stream_id = :s AND seq = :q", {"s": stream, "q": seq})

    def tamper_swap(self, stream: str, a: int, b: int) -> None:
        for old, new in ((a, -1), (b, a), (-1, b)):
            self.tamper_update(stream, old, seq=new)


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def ledger(request: pytest.FixtureRequest) -> Iterator[MemoryHarness | SqlHarness]:
    if request.param == "memory":
        yield MemoryHarness()
    elif request.param == "sqlite":
        yield SqlHarness(request.getfixturevalue("sqlite_engine"))
    else:
        yield SqlHarness(request.getfixturevalue("pg_engine"))


def case_events() -> list[NewEvent]:
    return [
        NewEvent.by_user(1, "ClueRegistered", {"source": "投诉举报", "party": "某某商行"}),
        NewEvent.by_user(
            1, "PenaltyProposed", {"amount": Decimal("5000.00"), "basis": "《食品安全法》第一百二十四条"}
        ),
        NewEvent.by_user(2, "ReviewSigned", {"opinion": "同意"}, sign=True),
        NewEvent.by_user(3, "DecisionIssued", {"docno": "岸市监处罚〔2026〕12号"}, sign=True),
    ]


def filled(ledger: MemoryHarness | SqlHarness, stream: str = "case-1") -> list[Record]:
    ledger.append(stream, case_events()[:2], 0)
    ledger.append(stream, case_events()[2:], 2)
    return ledger.read(stream)


def first_problem(ledger: MemoryHarness | SqlHarness, stream: str = "case-1") -> tuple[int, str, str]:
    report = verify_stream(ledger.read(stream), ledger.checker(), stream, signed_types=SIGNED)
    assert report.problem is not None, "篡改未被发现"
    all_report = verify_all(ledger.all_records(batch_size=2), ledger.checker(), signed_types=SIGNED)
    assert all_report.problems == [report.problem]
    return report.problem.seq, report.problem.code, report.problem.message


def test_append_read_and_chain(ledger: MemoryHarness | SqlHarness) -> None:
    records = filled(ledger)
    assert [r.seq for r in records] == [1, 2, 3, 4]
    assert records[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(records))
    assert records[1].payload == {"amount": "5000.00", "basis": "《食品安全法》第一百二十四条"}
    r = records[2]
    assert r.hash == compute_hash(
        r.stream_id, r.seq, r.type, r.schema_version, r.payload, r.recorded_at, r.actor, r.prev_hash
    )
    assert records[0].signature is None and records[2].signature and records[3].key_id
    assert ledger.key_user(records[2].key_id or "") == 2 and ledger.key_user(records[3].key_id or "") == 3
    assert [r.seq for r in ledger.read("case-1", after=2)] == [3, 4]
    assert ledger.read("no-such-stream") == []
    report = verify_stream(records, ledger.checker(), signed_types=SIGNED)
    assert report.ok and report.records == 4 and report.signatures == 2


def test_signatures_verify_with_gmssl(ledger: MemoryHarness | SqlHarness) -> None:
    from gmssl import sm2 as gm_sm2

    record = filled(ledger)[2]
    key = ledger.checker().keys.get(record.key_id or "")
    assert key is not None
    n = sm.load_public_pem(key.public_key_pem).public_numbers()
    other = gm_sm2.CryptSM2(private_key="00", public_key=f"{n.x:064x}{n.y:064x}", asn1=True)
    assert other.verify_with_sm3(record.signature, bytes.fromhex(record.hash))


def test_stale_expected_seq_conflicts_and_writes_nothing(ledger: MemoryHarness | SqlHarness) -> None:
    filled(ledger)
    for stale in (0, 2, 5):
        with pytest.raises(Conflict) as err:
            ledger.append("case-1", [NewEvent("CaseClosed", {}, "system")], stale)
        assert err.value.code == "ledger_conflict"
        assert "已被他人更新" in err.value.message
    assert len(ledger.read("case-1")) == 4


def test_bad_event_writes_nothing(ledger: MemoryHarness | SqlHarness) -> None:
    good = NewEvent("CaseFiled", {"x": 1}, "user:1")
    with pytest.raises(ValidationFailed):
        ledger.append("case-2", [good, NewEvent("CaseFiled", {"amount": 1.5}, "user:1")], 0)
    with pytest.raises(ValidationFailed):
        ledger.append("case-2", [NewEvent("ReviewSigned", {}, "system", sign=True)], 0)
    with pytest.raises(ValidationFailed):
        ledger.append("bad stream id", [good], 0)
    assert ledger.read("case-2") == []


def test_streams_listed_and_iterated_in_batches(ledger: MemoryHarness | SqlHarness) -> None:
    for stream in ("case-b", "case-a", "case-c"):
        filled(ledger, stream)
    assert ledger.stream_ids() == ["case-a", "case-b", "case-c"]
    records = ledger.all_records(batch_size=3)
    assert [(r.stream_id, r.seq) for r in records] == [
        (s, q) for s in ("case-a", "case-b", "case-c") for q in (1, 2, 3, 4)
    ]
    report = verify_all(records, ledger.checker(), signed_types=SIGNED)
    assert report.ok and report.records == 12 and report.signatures == 6 and len(report.streams) == 3


def test_changed_payload_byte_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    record = filled(ledger)[1]
    ledger.tamper_update("case-1", 2, payload=record.payload_json.replace("5000.00", "500.00"))
    seq, code, message = first_problem(ledger)
    assert (seq, code) == (2, "hash_mismatch")
    assert "哈希不符" in message


def test_non_canonical_payload_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    record = filled(ledger)[0]
    ledger.tamper_update("case-1", 1, payload=record.payload_json.replace(",", ", "))
    assert first_problem(ledger)[:2] == (1, "payload_not_canonical")


def test_deleted_row_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    filled(ledger)
    ledger.tamper_delete("case-1", 2)
    seq, code, message = first_problem(ledger)
    assert (seq, code) == (2, "seq_gap")
    assert "被删除" in message


def test_deleted_first_row_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    filled(ledger)
    ledger.tamper_delete("case-1", 1)
    assert first_problem(ledger)[:2] == (1, "seq_gap")


def test_swapped_rows_are_detected(ledger: MemoryHarness | SqlHarness) -> None:
    filled(ledger)
    ledger.tamper_swap("case-1", 2, 3)
    assert first_problem(ledger)[:2] == (2, "prev_hash_mismatch")


def test_replaced_signature_with_another_users_key_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    records = filled(ledger)
    review, decision = records[2], records[3]  # signed by user 2 and user 3
    ledger.tamper_update("case-1", 3, signature=decision.signature, key_id=decision.key_id)
    seq, code, message = first_problem(ledger)
    assert (seq, code) == (3, "signature_invalid")
    assert "属于用户 3" in message and review.key_id != decision.key_id


def test_replaced_signature_bytes_are_detected(ledger: MemoryHarness | SqlHarness) -> None:
    records = filled(ledger)
    sig = bytearray(bytes.fromhex(records[3].signature or ""))
    sig[10] ^= 0x01
    ledger.tamper_update("case-1", 4, signature=sig.hex())
    seq, code, message = first_problem(ledger)
    assert (seq, code) == (4, "signature_invalid") and "签名验证失败" in message


def test_recomputed_hash_without_the_key_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    """Change the signed review, recompute its hash and re-link the next record: the signature fails."""
    records = filled(ledger)
    r, nxt = records[2], records[3]
    payload = {"opinion": "不同意"}
    new_hash = compute_hash(r.stream_id, 3, r.type, 1, payload, r.recorded_at, r.actor, r.prev_hash)
    next_hash = compute_hash(nxt.stream_id, 4, nxt.type, 1, nxt.payload, nxt.recorded_at, nxt.actor, new_hash)
    ledger.tamper_update("case-1", 3, payload='{"opinion":"不同意"}', hash=new_hash)
    ledger.tamper_update("case-1", 4, prev_hash=new_hash, hash=next_hash)
    seq, code, _ = first_problem(ledger)
    assert (seq, code) == (3, "signature_invalid")


def test_removed_signature_on_a_sign_off_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    filled(ledger)
    ledger.tamper_update("case-1", 4, signature=None, key_id=None)
    seq, code, message = first_problem(ledger)
    assert (seq, code) == (4, "signature_missing") and "签批" in message


def test_replaced_public_key_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    records = filled(ledger)
    ledger.replace_public_key(records[2].key_id or "", sm.public_pem(sm.generate_private_key()))
    seq, code, message = first_problem(ledger)
    assert (seq, code) == (3, "signature_invalid") and "公钥被替换" in message


def test_one_key_per_user_is_reused(ledger: MemoryHarness | SqlHarness) -> None:
    ledger.append("case-k", [NewEvent.by_user(2, "ReviewSigned", {"n": i}, sign=True) for i in range(3)], 0)
    assert len({r.key_id for r in ledger.read("case-k")}) == 1


def _sql_only(ledger: MemoryHarness | SqlHarness) -> SqlHarness:
    if not isinstance(ledger, SqlHarness):
        pytest.skip("只适用于数据库后端")
    return ledger


def test_database_triggers_reject_update_and_delete(ledger: MemoryHarness | SqlHarness) -> None:
    sql = _sql_only(ledger)
    filled(sql)
    for statement in (
        "UPDATE ledger_events SET payload = '{}' WHERE seq = 2",
        "DELETE FROM ledger_events WHERE seq = 2",
    ):
        with pytest.raises(DBAPIError) as err, sql.engine.begin() as conn:
            conn.execute(text(statement))
        assert "append-only" in str(err.value)
    assert verify_stream(sql.read("case-1"), sql.checker(), signed_types=SIGNED).ok


def test_database_triggers_guard_heads_and_refuse_truncate(ledger: MemoryHarness | SqlHarness) -> None:
    """Issue 15 item 4: a head row can be neither deleted nor moved back; PostgreSQL refuses TRUNCATE."""
    sql = _sql_only(ledger)
    filled(sql)
    statements = [
        "DELETE FROM ledger_heads WHERE stream_id = 'case-1'",
        "DELETE FROM ledger_heads",
        "UPDATE ledger_heads SET seq = 3 WHERE stream_id = 'case-1'",
        "UPDATE ledger_heads SET stream_id = 'case-x' WHERE stream_id = 'case-1'",
    ]
    if sql.name == "postgresql":
        statements += [
            "TRUNCATE ledger_events, ledger_heads",
            "TRUNCATE ledger_heads",
            "TRUNCATE ledger_checkpoints",
            "TRUNCATE docno_issued CASCADE",
        ]
    for statement in statements:
        with pytest.raises(DBAPIError) as err, sql.engine.begin() as conn:
            conn.execute(text(statement))
        assert "rejected" in str(err.value) or "only moves forward" in str(err.value), statement
    assert sql.heads()["case-1"].seq == 4
    assert sealed_problems(sql) == []


def test_concurrent_appends_with_the_same_expected_seq_have_one_winner(
    ledger: MemoryHarness | SqlHarness,
) -> None:
    ledger.append("case-c", [NewEvent("CaseFiled", {}, "system")], 0)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def writer(n: int) -> None:
        barrier.wait()
        try:
            ledger.append("case-c", [NewEvent("EvidenceAdded", {"writer": n}, "system")], 1)
            results.append("won")
        except Conflict as exc:
            assert exc.code == "ledger_conflict"
            results.append("conflict")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "conflict", "conflict", "won"]
    records = ledger.read("case-c")
    assert [r.seq for r in records] == [1, 2]
    assert verify_stream(records).ok


def test_writer_blocked_on_uncommitted_append_gets_conflict_and_keeps_its_session(
    ledger: MemoryHarness | SqlHarness,
) -> None:
    """A holds seq 1 uncommitted; B appends seq 1 too: B fails with ledger_conflict, no fork."""
    sql = _sql_only(ledger)
    outcome: dict[str, object] = {}

    def writer_b() -> None:
        with UnitOfWork(sql.engine) as uow:
            store = SqlLedgerStore(uow.session)
            try:
                store.append("case-r", [NewEvent("CaseFiled", {"by": "B"}, "system")], 0)
                uow.commit()
                outcome["b"] = "won"
            except Conflict as exc:
                outcome["b"] = exc.code
                outcome["b_reads"] = len(store.read("case-r"))  # session still usable

    with UnitOfWork(sql.engine) as uow_a:
        SqlLedgerStore(uow_a.session).append("case-r", [NewEvent("CaseFiled", {"by": "A"}, "system")], 0)
        thread = threading.Thread(target=writer_b)
        thread.start()
        time.sleep(0.5)  # let B reach its INSERT (PG) or BEGIN IMMEDIATE (SQLite) and wait
        uow_a.commit()
    thread.join()
    assert outcome["b"] == "ledger_conflict"
    assert outcome["b_reads"] == 1
    records = sql.read("case-r")
    assert [(r.seq, r.payload["by"]) for r in records] == [(1, "A")]


# Server seals (zhifa.ledger.seal): what the hash chain and the signatures alone cannot catch.


def sealed_problems(ledger: MemoryHarness | SqlHarness) -> list[tuple[str, int, str]]:
    report = verify_all(
        ledger.all_records(batch_size=2), ledger.checker(), signed_types=SIGNED, sealer=SEALER,
        heads=ledger.heads(),
    )  # fmt: skip
    return [(p.stream_id, p.seq, p.code) for p in report.problems]


def test_sealed_ledger_verifies(ledger: MemoryHarness | SqlHarness) -> None:
    records = filled(ledger)
    assert all(SEALER.record_ok(r.stream_id, r.seq, r.hash, r.seal) for r in records)
    assert ledger.heads()["case-1"].seq == 4
    assert sealed_problems(ledger) == []


def test_rewritten_unsigned_tail_with_recomputed_hashes_is_caught_by_the_seal(
    ledger: MemoryHarness | SqlHarness,
) -> None:
    """After the last sign-off, an attacker rewrites an unsigned record and recomputes its hash (no key)."""
    filled(ledger)
    ledger.append("case-1", [NewEvent.by_user(1, "PaymentRecorded", {"amount": Decimal("5000.00")})], 4)
    r = ledger.read("case-1")[-1]
    payload = {"amount": "50.00"}
    new_hash = compute_hash(r.stream_id, 5, r.type, 1, payload, r.recorded_at, r.actor, r.prev_hash)
    ledger.tamper_update("case-1", 5, payload='{"amount":"50.00"}', hash=new_hash)
    chain_only = verify_stream(ledger.read("case-1"), ledger.checker(), "case-1", signed_types=SIGNED)
    assert chain_only.ok, "没有封印时，重算哈希的尾部改写无法发现——这正是封印要解决的问题"
    assert sealed_problems(ledger) == [("case-1", 5, "seal_invalid")]


def test_cut_off_tail_is_caught_by_the_sealed_head(ledger: MemoryHarness | SqlHarness) -> None:
    filled(ledger)
    ledger.tamper_delete("case-1", 4)
    assert verify_stream(ledger.read("case-1"), ledger.checker(), "case-1", signed_types=SIGNED).ok
    assert sealed_problems(ledger) == [("case-1", 4, "tail_truncated")]


def test_forged_or_deleted_head_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    records = filled(ledger)
    ledger.tamper_delete("case-1", 4)
    ledger.tamper_head("case-1", Head("case-1", 3, records[2].hash, "0" * 64))  # moved back, no key
    assert sealed_problems(ledger) == [("case-1", 3, "head_seal_invalid")]
    ledger.tamper_head("case-1", None)
    assert sealed_problems(ledger) == [("case-1", 3, "head_missing")]


def test_a_stream_deleted_whole_is_detected(ledger: MemoryHarness | SqlHarness) -> None:
    filled(ledger)
    filled(ledger, "case-2")
    for seq in (1, 2, 3, 4):
        ledger.tamper_delete("case-2", seq)
    assert sealed_problems(ledger) == [("case-2", 1, "stream_deleted")]

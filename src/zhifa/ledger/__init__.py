"""The case ledger: canonical bytes, SM3 hash chain, SM2 signatures, verification (DESIGN §2).

Public API (framework-free; the SQL backend lives in zhifa.store.ledger_repo):

    from zhifa.ledger import NewEvent, Record, MemoryLedgerStore, LocalSigner, MemoryKeyStore
    store.append(stream_id, [NewEvent.by_user(7, "ReviewSigned", {...}, sign=True)], expected_seq=3)
    store.read(stream_id, after_seq=0) -> list[Record]
    verify_stream(store.read(stream_id), SignatureChecker(keys)) -> StreamReport (.ok, .problem)
    verify_all(store.iter_records(), SignatureChecker(keys)) -> LedgerReport

Errors: Conflict(code="ledger_conflict") for a stale expected_seq; ValidationFailed for bad events.
"""

from zhifa.ledger.canonical import canonical_bytes, utc_iso, utc_now
from zhifa.ledger.events import GENESIS_HASH, NewEvent, Record, actor_user_id, compute_hash, user_actor
from zhifa.ledger.seal import Head, Sealer
from zhifa.ledger.signing import (
    KeyLookup,
    KeyStore,
    LocalSigner,
    MemoryKeyStore,
    SignatureChecker,
    Signer,
    StoredKey,
)
from zhifa.ledger.store import LedgerStore, MemoryLedgerStore, build_records
from zhifa.ledger.verify import (
    LedgerReport,
    Problem,
    StreamReport,
    register_signed_types,
    verify_all,
    verify_stream,
)

__all__ = [
    "GENESIS_HASH",
    "Head",
    "KeyLookup",
    "KeyStore",
    "LedgerReport",
    "LedgerStore",
    "LocalSigner",
    "MemoryKeyStore",
    "MemoryLedgerStore",
    "NewEvent",
    "Problem",
    "Record",
    "Sealer",
    "SignatureChecker",
    "Signer",
    "StoredKey",
    "StreamReport",
    "actor_user_id",
    "build_records",
    "canonical_bytes",
    "compute_hash",
    "register_signed_types",
    "user_actor",
    "utc_iso",
    "utc_now",
    "verify_all",
    "verify_stream",
]

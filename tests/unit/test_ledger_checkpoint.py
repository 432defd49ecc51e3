"""Checkpoints (signed tree heads): Merkle root and inclusion proofs, signature, extension checks."""

from __future__ import annotations

import json

import pytest

from zhifa.errors import ValidationFailed
from zhifa.ledger import sm
from zhifa.ledger.checkpoint import (
    StreamNow,
    extension_problem,
    inclusion_proof,
    load_checkpoint,
    merkle_root,
    scan_against,
    sign_checkpoint,
    verify_inclusion,
)

KEY = sm.generate_private_key()


def entries(n: int) -> list[tuple[str, int, str]]:
    return [(f"case-{i:03d}", i + 1, sm.sm3(str(i).encode()).hex()) for i in range(n)]


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13])
def test_every_stream_is_provable_against_the_root_alone(n: int) -> None:
    es = entries(n)
    root = merkle_root(es)
    for i, e in enumerate(es):
        path = inclusion_proof(es, i)
        assert verify_inclusion(e, i, n, path, root)
        assert not verify_inclusion((e[0], e[1] - 1, e[2]), i, n, path, root)  # a shorter stream


def test_root_depends_on_every_entry_and_the_empty_ledger_has_one() -> None:
    es = entries(4)
    assert merkle_root([]) == sm.sm3(b"").hex()
    assert merkle_root(es) != merkle_root(es[:3]) != merkle_root([*es[:3], (es[3][0], 99, es[3][2])])


def test_signed_checkpoint_round_trips_and_refuses_any_edit() -> None:
    cp = sign_checkpoint(reversed(entries(5)), "2026-12-04T10:00:00.000000Z", KEY)
    assert [e[0] for e in cp.streams] == sorted(e[0] for e in cp.streams)
    text = cp.to_json()
    assert load_checkpoint(text) == cp
    for edit in ("root", "created_at", "signature"):
        data = json.loads(text)
        data[edit] = data[edit][:-1] + ("0" if data[edit][-1] != "0" else "1")
        with pytest.raises(ValidationFailed):
            load_checkpoint(json.dumps(data))
    data = json.loads(text)
    data["streams"].pop()
    with pytest.raises(ValidationFailed):
        load_checkpoint(json.dumps(data))


def test_extension_names_the_first_stream_missing_shorter_or_rewritten() -> None:
    es = entries(3)
    cp = sign_checkpoint(es, "2026-12-04T10:00:00.000000Z", KEY)
    rows = [(s, q, h if q == n else f"{q:064x}") for s, n, h in es for q in range(1, n + 2)]
    now = dict(scan_against(rows, {s: n for s, n, _ in es}))
    assert extension_problem(cp, now) is None  # every stream grew by one record
    assert extension_problem(cp, {**now, "case-001": StreamNow(1, None)}).code == "checkpoint_stream_shorter"  # type: ignore[union-attr]
    missing = {k: v for k, v in now.items() if k != "case-000"}
    assert extension_problem(cp, missing).stream_id == "case-000"  # type: ignore[union-attr]
    rewritten = {**now, "case-002": StreamNow(4, "f" * 64)}
    assert extension_problem(cp, rewritten).code == "checkpoint_hash_mismatch"  # type: ignore[union-attr]

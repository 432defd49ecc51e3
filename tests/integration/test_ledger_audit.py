"""Issue 15 item 4: verify cross-checks `cases` rows against their streams, signed checkpoints prove that
nothing was removed or rolled back, a wiped ledger fails plain verify (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.integration.ledger_audit_helpers import as_dba, case_rows_deletes, demo_world, one
from zhifa.config import reset_settings
from zhifa.errors import ValidationFailed
from zhifa.ledger.checkpoint import load_checkpoint
from zhifa.ledger.verify import LedgerReport
from zhifa.services.ledger_audit import check_against, take_checkpoint, verify_ledger


@pytest.fixture
def world(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("ZHIFA_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ZHIFA_KEY_ENCRYPTION_SECRET", "audit-test-secret")
    reset_settings()
    demo_world(engine)
    yield engine
    reset_settings()


def codes(report: LedgerReport) -> list[tuple[str, str, str]]:
    return [(p.stream_id, p.code, p.column) for p in report.problems]


def decided_case(engine: Engine) -> tuple[str, str]:
    """(case id, stream id) of a decided demo case with a fine."""
    row = one(engine, "SELECT id || ' ' || stream_id FROM cases WHERE fine > 0 ORDER BY id LIMIT 1")
    case_id, stream = row.split(" ")
    return case_id, stream


def test_demo_cases_verify_with_every_cross_check(world: Engine) -> None:
    report = verify_ledger(world)
    assert report.ok, [p.describe() for p in report.problems]
    assert len(report.streams) >= 12 and report.signatures > 40


def test_an_edited_fine_is_named_with_its_stream_and_field(world: Engine) -> None:
    case_id, stream = decided_case(world)
    as_dba(world, "UPDATE cases SET fine = 1 WHERE id = :c", c=case_id)
    report = verify_ledger(world)
    assert codes(report) == [(stream, "case_field_mismatch", "fine")]
    assert "fine" in report.problems[0].message and "账本" in report.problems[0].message


def test_a_case_moved_to_another_agency_subtree_is_caught(world: Engine) -> None:
    """agency_path decides who may see a case (scope checks): editing it must not pass verify."""
    case_id, stream = decided_case(world)
    as_dba(world, "UPDATE cases SET agency_path = '/420000/420100/' WHERE id = :c", c=case_id)
    assert codes(verify_ledger(world)) == [(stream, "case_field_mismatch", "agency_path")]


def test_a_case_row_without_its_stream_and_a_stream_without_its_row(world: Engine) -> None:
    case_id, stream = decided_case(world)
    as_dba(
        world,
        "DELETE FROM ledger_events WHERE stream_id = :s",
        "DELETE FROM ledger_heads WHERE stream_id = :s",
        s=stream,
    )
    assert codes(verify_ledger(world)) == [(stream, "case_stream_missing", "")]
    other = one(world, "SELECT stream_id FROM cases WHERE id <> :c ORDER BY id LIMIT 1", c=case_id)
    as_dba(
        world,
        *case_rows_deletes("stream_id = :s"),
        s=other,
    )
    assert (other, "case_row_missing", "") in codes(verify_ledger(world))


def test_checkpoint_then_growth_still_extends_it(world: Engine, tmp_path: Path) -> None:
    taken = take_checkpoint(world)
    cp = load_checkpoint(taken.checkpoint.to_json())
    assert cp.record_count == one(world, "SELECT count(*) FROM ledger_events")
    assert len(cp.streams) == one(world, "SELECT count(*) FROM ledger_heads")
    demo_world_more(world)
    result = check_against(world, cp.to_json())
    assert result.problem is None and result.known_key
    assert verify_ledger(world).ok


def demo_world_more(engine: Engine) -> None:
    """Append to one stream through the services' ledger (a legitimate extension)."""
    from zhifa.ledger import NewEvent
    from zhifa.services.case_store import ledger
    from zhifa.store.uow import UnitOfWork

    with UnitOfWork(engine) as uow:
        store = ledger(uow.session)
        store.append("audit-extra", [NewEvent.by_user(1, "NoteAdded", {"text": "补充"})], 0)
        uow.commit()


def test_cut_tail_with_an_older_sealed_head_put_back_fails_against_the_checkpoint(world: Engine) -> None:
    """The sealed head of seq n-1 is genuine (taken from an earlier backup): plain chain checks pass."""
    _case_id, stream = decided_case(world)
    last = one(world, "SELECT max(seq) FROM ledger_events WHERE stream_id = :s", s=stream)
    older = {
        "seq": last - 1,
        "hash": one(
            world, "SELECT hash FROM ledger_events WHERE stream_id = :s AND seq = :q", s=stream, q=last - 1
        ),
    }
    from zhifa.store.ledger_repo import settings_sealer

    seal = settings_sealer().head(stream, older["seq"], older["hash"]).seal
    cp = take_checkpoint(world).checkpoint
    as_dba(
        world,
        "DELETE FROM ledger_events WHERE stream_id = :s AND seq = :q",
        "UPDATE ledger_heads SET seq = :p, hash = :h, seal = :x WHERE stream_id = :s",
        s=stream, q=last, p=older["seq"], h=older["hash"], x=seal,
    )  # fmt: skip
    result = check_against(world, cp.to_json())
    assert result.problem is not None and result.problem.stream_id == stream
    assert result.problem.code == "checkpoint_stream_shorter"
    report = verify_ledger(world)  # the stored checkpoint makes plain verify fail too
    assert (stream, "checkpoint_stream_shorter", "") in codes(report)


def test_a_wiped_ledger_fails_plain_verify(world: Engine) -> None:
    take_checkpoint(world)
    projections = case_rows_deletes()
    if world.dialect.name == "postgresql":
        as_dba(world, "TRUNCATE ledger_events, ledger_heads", *projections)
    else:
        as_dba(world, "DELETE FROM ledger_events", "DELETE FROM ledger_heads", *projections)
    report = verify_ledger(world)
    assert not report.ok and report.streams == []  # 0 streams: before the checkpoints this passed
    assert [p.code for p in report.problems] == ["ledger_wiped"]


def test_a_tampered_checkpoint_file_is_refused(world: Engine) -> None:
    text = take_checkpoint(world).checkpoint.to_json()
    data = json.loads(text)
    data["streams"][0][1] += 1
    with pytest.raises(ValidationFailed) as err:
        check_against(world, json.dumps(data, ensure_ascii=False))
    assert err.value.code in {"checkpoint_signature_invalid", "checkpoint_root_mismatch"}
    data = json.loads(text)
    data["created_at"] = "2020-01-01T00:00:00.000000Z"
    with pytest.raises(ValidationFailed) as err:
        check_against(world, json.dumps(data, ensure_ascii=False))
    assert err.value.code == "checkpoint_signature_invalid"

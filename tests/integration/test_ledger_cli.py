"""`zhifa ledger verify` on a real SQLite database: exit codes, Chinese summary, JSON, first bad record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from zhifa.cli import app
from zhifa.config import reset_settings
from zhifa.ledger import NewEvent
from zhifa.ledger.checkpoint import verify_inclusion
from zhifa.store.db import make_engine
from zhifa.store.ledger_repo import SqlLedgerStore, settings_sealer, sql_signer
from zhifa.store.migrate import upgrade
from zhifa.store.models.identity import Agency, User
from zhifa.store.uow import UnitOfWork


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    monkeypatch.setenv("ZHIFA_DATABASE_URL", url)
    monkeypatch.setenv("ZHIFA_KEY_ENCRYPTION_SECRET", "cli-test-secret")
    reset_settings()
    engine = make_engine(url)
    upgrade(engine)
    with UnitOfWork(engine) as uow:
        agency = Agency(
            code="420100", name="武汉市市场监督管理局", level="city", division_code="420100",
            docno_prefix="武市监", path="/420000/420100/",
        )  # fmt: skip
        uow.session.add(agency)
        uow.flush()
        for uid in (1, 2):
            uow.session.add(
                User(id=uid, username=f"u{uid}", display_name=f"执法员{uid}", agency_id=agency.id,
                     password_hash="x", created_at=datetime.now(UTC))
            )  # fmt: skip
        uow.flush()
        store = SqlLedgerStore(uow.session, sql_signer(uow.session), sealer=settings_sealer())
        for stream in ("case-1", "case-2"):
            store.append(
                stream,
                [
                    NewEvent.by_user(1, "ClueRegistered", {"party": "某某商行"}),
                    NewEvent.by_user(1, "EvidenceAdded", {"item": "现场检查笔录"}),
                    NewEvent.by_user(2, "ReviewSigned", {"opinion": "同意"}, sign=True),
                ],
                0,
            )
        uow.commit()
    yield url, engine
    engine.dispose()
    reset_settings()


def tamper(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER ledger_events_no_update"))
        conn.execute(
            text("UPDATE ledger_events SET payload = :p WHERE stream_id = 'case-2' AND seq = 2"),
            {"p": '{"item":"询问笔录"}'},
        )


def test_verify_all_good_exits_zero_with_chinese_summary(db: tuple[str, Engine]) -> None:
    result = CliRunner().invoke(app, ["ledger", "verify"])
    assert result.exit_code == 0, result.output
    assert "校验通过：2 个账本流，6 条记录，2 个签名" in result.output


def test_verify_names_first_bad_record_and_exits_one(db: tuple[str, Engine]) -> None:
    tamper(db[1])
    result = CliRunner().invoke(app, ["ledger", "verify"])
    assert result.exit_code == 1
    assert "校验失败" in result.output
    assert "账本流 case-2 第 2 条记录：哈希不符" in result.output
    only_good = CliRunner().invoke(app, ["ledger", "verify", "--stream", "case-1"])
    assert only_good.exit_code == 0 and "1 个账本流，3 条记录" in only_good.output


def test_verify_json(db: tuple[str, Engine]) -> None:
    tamper(db[1])
    result = CliRunner().invoke(app, ["ledger", "verify", "--json"])
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert body["ok"] is False and body["records"] == 5  # case-2 stops at its bad record
    assert body["problems"] == [
        {
            "stream_id": "case-2",
            "seq": 2,
            "code": "hash_mismatch",
            "message": "哈希不符：记录内容在写入后被改动",
        }
    ]


def test_verify_through_the_installed_entry_point(db: tuple[str, Engine]) -> None:
    env = {**os.environ, "ZHIFA_DATABASE_URL": db[0]}
    cmd = [sys.executable, "-c", "from zhifa.cli import main; main()", "ledger", "verify"]
    ok = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "校验通过" in ok.stdout
    missing = subprocess.run(
        [*cmd, "--stream", "case-9"], env=env, capture_output=True, text=True, timeout=120
    )
    assert missing.returncode == 1
    assert "错误[stream_not_found]：账本流 case-9 不存在" in missing.stderr
    tamper(db[1])
    bad = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "账本流 case-2 第 2 条记录" in bad.stdout


def test_verify_reports_a_stripped_sign_off_signature(db: tuple[str, Engine]) -> None:
    """ReviewSigned is a sign-off in the domain: a record of it without signature is named."""
    with db[1].begin() as conn:
        conn.execute(text("DROP TRIGGER ledger_events_no_update"))
        conn.execute(
            text(
                "UPDATE ledger_events SET signature = NULL, key_id = NULL"
                " WHERE stream_id = 'case-1' AND seq = 3"
            )
        )
    result = CliRunner().invoke(app, ["ledger", "verify", "--json"])
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    assert [(p["stream_id"], p["seq"], p["code"]) for p in problems] == [("case-1", 3, "signature_missing")]


def test_verify_catches_a_cut_off_tail(db: tuple[str, Engine]) -> None:
    with db[1].begin() as conn:
        conn.execute(text("DROP TRIGGER ledger_events_no_delete"))
        conn.execute(text("DELETE FROM ledger_events WHERE stream_id = 'case-2' AND seq = 3"))
    result = CliRunner().invoke(app, ["ledger", "verify", "--json"])
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    assert [(p["stream_id"], p["seq"], p["code"]) for p in problems] == [("case-2", 3, "tail_truncated")]


def test_checkpoint_and_verify_against_it(
    db: tuple[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZHIFA_VAR_DIR", str(tmp_path / "var"))
    reset_settings()
    out = tmp_path / "cp.json"
    made = CliRunner().invoke(app, ["ledger", "checkpoint", "-o", str(out)])
    assert made.exit_code == 0, made.output
    assert "2 个账本流，6 条记录" in made.output
    assert (tmp_path / "var" / "keys" / "checkpoint-key.json").stat().st_mode & 0o777 == 0o600
    ok = CliRunner().invoke(app, ["ledger", "verify", "--against", str(out)])
    assert ok.exit_code == 0 and "是该检查点的延续" in ok.output
    proof = CliRunner().invoke(app, ["ledger", "prove", "case-2", "--checkpoint", str(out)])
    assert proof.exit_code == 0, proof.output
    p = json.loads(proof.output)
    assert p["entry"][:2] == ["case-2", 3]
    assert verify_inclusion(tuple(p["entry"]), p["index"], p["size"], p["path"], p["root"])  # type: ignore[arg-type]
    with db[1].begin() as conn:  # cut case-2's tail and put back its older head (a DBA's rollback)
        conn.execute(text("DROP TRIGGER ledger_events_no_delete"))
        conn.execute(text("DROP TRIGGER ledger_heads_forward_only"))
        conn.execute(text("DELETE FROM ledger_events WHERE stream_id = 'case-2' AND seq = 3"))
        prev = conn.execute(
            text("SELECT hash FROM ledger_events WHERE stream_id='case-2' AND seq=2")
        ).scalar()
        head = settings_sealer().head("case-2", 2, str(prev))
        conn.execute(
            text("UPDATE ledger_heads SET seq = 2, hash = :h, seal = :x WHERE stream_id = 'case-2'"),
            {"h": head.hash, "x": head.seal},
        )
    bad = CliRunner().invoke(app, ["ledger", "verify", "--against", str(out), "--json"])
    assert bad.exit_code == 1
    assert json.loads(bad.output)["problem"]["stream_id"] == "case-2"
    plain = CliRunner().invoke(app, ["ledger", "verify", "--json"])
    assert plain.exit_code == 1
    assert [(p["stream_id"], p["code"]) for p in json.loads(plain.output)["problems"]] == [
        ("case-2", "checkpoint_stream_shorter")
    ]

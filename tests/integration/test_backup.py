"""Issue 15 item 6: backup after acknowledged writes (SQLite in WAL mode; PostgreSQL with pg_dump), restore
into a fresh database and var directory, same ledger, verify passes; a tampered backup is refused."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from tests.conftest import PG_URL
from tests.integration.ledger_audit_helpers import demo_world
from zhifa.cli import app
from zhifa.config import reset_settings
from zhifa.errors import ValidationFailed
from zhifa.ledger import NewEvent
from zhifa.services.backup import check_backup, create_backup, restore_backup
from zhifa.services.case_store import ledger
from zhifa.services.evidence import write_bytes
from zhifa.store.db import make_engine
from zhifa.store.uow import UnitOfWork

SECRET = "backup-test-secret"


@pytest.fixture(autouse=True)
def _forget_settings() -> Iterator[None]:
    """After monkeypatch restores the environment, forget the settings cached with the test's secret
    (a later test creating keys in-process would otherwise encrypt them with it)."""
    yield
    reset_settings()


def settings_for(monkeypatch: pytest.MonkeyPatch, url: str, var_dir: Path) -> None:
    monkeypatch.setenv("ZHIFA_DATABASE_URL", url)
    monkeypatch.setenv("ZHIFA_VAR_DIR", str(var_dir))
    monkeypatch.setenv("ZHIFA_KEY_ENCRYPTION_SECRET", SECRET)
    reset_settings()


@pytest.fixture
def places(engine: Engine, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(source URL, fresh empty target URL) on the backend under test."""
    if engine.dialect.name == "sqlite":
        yield str(engine.url), f"sqlite:///{tmp_path / 'restored' / 'zhifa.db'}"
        return
    schema = f"zhifa_test_{os.getpid()}"  # the pg_schema fixture's schema, named in the URL for pg_dump
    source = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    target_db = f"zhifa_restore_{os.getpid()}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target_db}"'))
        conn.execute(text(f'CREATE DATABASE "{target_db}"'))
    yield (
        source.render_as_string(hide_password=False),
        source.set(database=target_db).render_as_string(hide_password=False),
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target_db}" WITH (FORCE)'))
    admin.dispose()


def ledger_rows(engine: Engine) -> list[tuple[str, int, str]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT stream_id, seq, hash FROM ledger_events ORDER BY stream_id, seq"))
        return [(r[0], r[1], r[2]) for r in rows]


def test_backup_and_restore_round_trip(
    places: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source_url, target_url = places
    var_dir = tmp_path / "var"
    settings_for(monkeypatch, source_url, var_dir)
    source = make_engine(source_url)
    demo_world(source)
    evidence = write_bytes(var_dir / "files", "现场检查照片".encode())
    (var_dir / "secrets.json").write_text('{"secret_key": "s"}', encoding="utf-8")
    with UnitOfWork(source) as uow:  # one more acknowledged write, held in the WAL on SQLite
        ledger(uow.session).append("case-late", [NewEvent.by_user(1, "NoteAdded", {"n": 1})], 0)
        uow.commit()
    if source.dialect.name == "sqlite":
        wal = Path(str(make_url(source_url).database) + "-wal")
        assert wal.exists() and wal.stat().st_size > 0, "写入应仍在 WAL 中（cp 数据库文件会丢失它们）"
    before = ledger_rows(source)
    made = create_backup(source, tmp_path / "backup", include_secrets=True)
    assert made.secrets_included and made.records == len(before)
    assert (tmp_path / "backup" / "var" / "files" / evidence).is_file()
    plain = create_backup(source, tmp_path / "backup-plain")
    assert not plain.secrets_included and not (tmp_path / "backup-plain" / "var" / "secrets.json").exists()
    source.dispose()

    new_var = tmp_path / "restored-var"
    settings_for(monkeypatch, target_url, new_var)
    target = make_engine(target_url)
    done = restore_backup(target, tmp_path / "backup")
    assert done.ok, [p.describe() for p in done.report.problems]
    assert ledger_rows(target) == before
    assert (new_var / "files" / evidence).read_bytes() == "现场检查照片".encode()
    assert (new_var / "secrets.json").stat().st_mode & 0o777 == 0o600
    with pytest.raises(ValidationFailed) as err:  # a second restore into the same place
        restore_backup(target, tmp_path / "backup")
    assert err.value.code == "restore_target_not_empty"
    verify = CliRunner().invoke(
        app, ["ledger", "verify", "--against", str(tmp_path / "backup" / "checkpoint.json")]
    )
    assert verify.exit_code == 0, verify.output
    target.dispose()


def test_a_tampered_backup_is_refused_and_changes_nothing(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("清单校验与数据库种类无关，在 SQLite 上测一次")
    settings_for(monkeypatch, str(engine.url), tmp_path / "var")
    demo_world(engine)
    create_backup(engine, tmp_path / "backup")
    check_backup(tmp_path / "backup")
    for name, edit in (
        ("database.sqlite3", lambda p: p.write_bytes(p.read_bytes()[:-1] + b"\x01")),
        ("checkpoint.json", lambda p: p.write_text(p.read_text().replace('"root":"', '"root":"0'))),
        ("var/keys/extra.json", lambda p: p.write_text("{}")),
    ):
        copy = tmp_path / f"tampered-{name.replace('/', '-')}"
        shutil.copytree(tmp_path / "backup", copy)
        edit(copy / name)
        target = tmp_path / f"target-{name.replace('/', '-')}"
        settings_for(monkeypatch, f"sqlite:///{target / 'zhifa.db'}", target / "var")
        fresh = make_engine(f"sqlite:///{target / 'zhifa.db'}")
        with pytest.raises(ValidationFailed) as err:
            restore_backup(fresh, copy)
        assert err.value.code == "backup_tampered" and name in err.value.message
        assert not (target / "zhifa.db").exists() and not (target / "var").exists()
        fresh.dispose()


def test_backup_cli_refuses_a_non_empty_directory(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("与数据库种类无关")
    settings_for(monkeypatch, str(engine.url), tmp_path / "var")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    result = CliRunner().invoke(app, ["backup", "create", str(tmp_path / "full")])
    assert isinstance(result.exception, ValidationFailed) and result.exception.code == "backup_dir_not_empty"
    assert "已存在且不为空" in result.exception.message
    ok = CliRunner().invoke(app, ["backup", "create", str(tmp_path / "b")])
    assert ok.exit_code == 0 and "备份完成" in ok.output


def test_a_missing_pg_dump_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhifa.errors import ConfigurationError
    from zhifa.store.snapshot import dump_database

    monkeypatch.setenv("PATH", str(tmp_path))  # no PostgreSQL client tools here
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    with pytest.raises(ConfigurationError) as err:
        dump_database(engine, tmp_path)
    assert err.value.code == "pg_tool_missing" and "pg_dump" in err.value.message
    engine.dispose()

"""Shared fixtures: databases (SQLite by default, PostgreSQL when configured) and the data directory."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from zhifa.law.library import LawLibrary
from zhifa.oversight import ledger_status
from zhifa.store.db import Base, make_engine
from zhifa.store.migrate import upgrade
from zhifa.store.uow import UnitOfWork

ROOT = Path(__file__).resolve().parent.parent
# One random pair of secrets per test run, in the environment: the test process (whose services read
# get_settings()) and every `zhifa` subprocess it starts seal and sign with the same keys, and no test
# writes a secrets file into the working tree. Tests of the generated file remove these variables.
os.environ.setdefault("ZHIFA_SECRET_KEY", secrets.token_urlsafe(32))
os.environ.setdefault("ZHIFA_KEY_ENCRYPTION_SECRET", secrets.token_urlsafe(32))
PG_URL = os.environ.get("ZHIFA_TEST_DATABASE_URL", "")
REQUIRE_PG = os.environ.get("ZHIFA_REQUIRE_PG") == "1"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# CI (.ci/run) sets ZHIFA_REQUIRE_DATA=1: tests needing the real corpus then fail instead of skipping.
REQUIRE_DATA = os.environ.get("ZHIFA_REQUIRE_DATA") == "1"


def skip_without_data(reason: str) -> None:
    """Skip a test that needs the real data (with the reason); fail instead when ZHIFA_REQUIRE_DATA=1."""
    if REQUIRE_DATA:
        pytest.fail(f"ZHIFA_REQUIRE_DATA=1，不能跳过：{reason}")
    pytest.skip(reason)


def require_pg_url() -> str:
    """The PostgreSQL test URL; skip locally when unset, fail when CI requires it."""
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("ZHIFA_REQUIRE_PG=1 但未设置 ZHIFA_TEST_DATABASE_URL：PostgreSQL 测试不能跳过")
        pytest.skip("未配置 ZHIFA_TEST_DATABASE_URL，跳过 PostgreSQL 测试")
    return PG_URL


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    return path


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """A fresh migrated SQLite database for one test."""
    path = tmp_path / "zhifa.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_schema() -> Iterator[tuple[str, str]]:
    """A migrated PostgreSQL schema private to this test process."""
    url = require_pg_url()
    schema = f"zhifa_test_{os.getpid()}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    upgrade(engine)
    engine.dispose()
    yield url, schema
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def _truncate_all(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:  # the append-only tables refuse TRUNCATE: skip triggers, as a superuser may
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def pg_engine(pg_schema: tuple[str, str]) -> Iterator[Engine]:
    """The migrated PostgreSQL schema, emptied before the test."""
    url, schema = pg_schema
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    _truncate_all(engine)
    # the law library is cached per URL for the process; every test's schema has the same URL and was just
    # emptied, so a library an earlier test loaded is stale here
    LawLibrary.invalidate()
    ledger_status.forget()  # likewise the 纪检 view's cached ledger status (keyed on the URL)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> Engine:
    """The database under test: PostgreSQL when ZHIFA_TEST_DATABASE_URL is set, else SQLite."""
    if PG_URL:
        return request.getfixturevalue("pg_engine")  # type: ignore[no-any-return]
    return request.getfixturevalue("sqlite_engine")  # type: ignore[no-any-return]


@pytest.fixture
def uow(engine: Engine) -> UnitOfWork:
    """A unit of work on the database under test."""
    return UnitOfWork(engine)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real data directory filled by `zhifa data fetch` (laws, decisions)."""
    path = Path(os.environ.get("ZHIFA_DATA_DIR", ROOT / "var" / "data"))
    if not (path / "laws").is_dir():
        skip_without_data(
            f"数据目录 {path} 没有真实数据：请先运行 zhifa data fetch（或设置 ZHIFA_DATA_SOURCE）"
        )
    return path

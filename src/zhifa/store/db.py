"""Engine and session factory for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, OperationalError
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from zhifa.errors import ConfigurationError, StorageUnavailable

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table."""


Base.metadata.naming_convention = NAMING


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    readonly = conn.get_execution_options().get("zhifa_readonly", False)
    conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout; the parent dir is created."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(f"数据库地址格式错误：{url}", code="bad_database_url") from exc
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # SQLite: take the write lock at BEGIN so concurrent writers queue instead of failing on upgrade;
        # read-only units of work (execution option zhifa_readonly) begin deferred and never block writers.
        event.listen(engine, "begin", _sqlite_begin)

        @event.listens_for(engine, "connect")
        def _no_pysqlite_begin(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    engine = create_engine(parsed, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        event.listen(engine, "checkin", _stamp_checkin)
        event.listen(engine, "checkout", _ping_if_idle)
    return engine


PING_AFTER_IDLE = 10.0  # seconds a pooled connection may rest before it is pinged on checkout
_IDLE_SINCE = "zhifa_idle_since"


def _stamp_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Ping a connection that rested PING_AFTER_IDLE seconds or more (a server restart, a closed idle
    connection); a dead one is replaced by the pool (DisconnectionError). `pool_pre_ping` would ping on
    every checkout: one more round trip per request while the pool is busy, when connections are fresh."""
    since = record.info.get(_IDLE_SINCE)
    if since is None or time.monotonic() - since < PING_AFTER_IDLE:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()
    except Exception as exc:  # any driver error: the connection is not usable
        raise DisconnectionError(f"连接空闲后失效：{exc}") from exc


def readonly_bind(engine: Engine) -> Engine:
    """The engine with the read-only options: SQLite begins deferred; PostgreSQL reads in autocommit.
    Kept on the engine itself (a plain reference cycle the collector frees with the engine)."""
    bind: Engine | None = getattr(engine, "_zhifa_readonly", None)
    if bind is None:
        options: dict[str, Any] = {"zhifa_readonly": True}
        if engine.dialect.name == "postgresql":
            options["isolation_level"] = "AUTOCOMMIT"
        bind = engine.execution_options(**options)
        engine._zhifa_readonly = bind  # type: ignore[attr-defined]
    return bind


def check_connection(engine: Engine) -> None:
    """Raise StorageUnavailable with a Chinese message when the database does not answer."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        raise StorageUnavailable(
            f"无法连接数据库（{engine.url.render_as_string(hide_password=True)}）：{exc.orig}",
            code="database_unreachable",
        ) from exc


def make_session_factory(engine: Engine) -> sessionmaker[Any]:
    """Session factory bound to the engine (no autoflush surprises, objects usable after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


def is_postgres(engine: Engine) -> bool:
    """True when the engine talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"

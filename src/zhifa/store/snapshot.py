"""Consistent database snapshots and their restore: SQLite's online backup API, pg_dump/pg_restore.

`cp` of a SQLite file in WAL mode misses the acknowledged writes still in the -wal file; the backup API
copies the database as one transaction sees it, WAL included. For PostgreSQL `pg_dump` takes one
REPEATABLE READ snapshot; a URL with `options=-csearch_path=S` dumps and restores only schema S.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import URL

from zhifa.errors import ConfigurationError, ValidationFailed

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


def dump_file(dialect: str) -> str:
    """Name of the snapshot file in a backup for this database dialect."""
    return SQLITE_FILE if dialect == "sqlite" else PG_FILE


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise ConfigurationError("SQLite 数据库必须是文件才能备份或恢复", code="backup_unsupported_database")
    return Path(url.database)


def _libpq(url: URL) -> tuple[str, str | None, str | None]:
    """(libpq URI without the password, schema from options=-csearch_path=…, password)."""
    options = str(url.query.get("options", ""))
    match = re.search(r"search_path=([A-Za-z0-9_]+)", options)
    plain = url.set(drivername="postgresql", password=None)
    password = None if url.password is None else str(url.password)
    return plain.render_as_string(hide_password=False), match.group(1) if match else None, password


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ConfigurationError(
            f"未找到 PostgreSQL 工具 {name}：请安装与数据库服务器同版本或更新版本的 PostgreSQL 客户端"
            "（如 Debian/Ubuntu 的 postgresql-client）并确保它在 PATH 中",
            code="pg_tool_missing",
        )
    return path


def _run(cmd: list[str], what: str, password: str | None) -> None:
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if password is not None:  # through the environment: never visible in the process list
        env["PGPASSWORD"] = password
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise ConfigurationError(f"{what}失败：{done.stderr.strip()[-800:]}", code="backup_database_failed")


def dump_database(engine: Engine, directory: Path) -> Path:
    """Write a consistent snapshot of the database into directory; the file written."""
    url = engine.url
    target = directory / dump_file(engine.dialect.name)
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file (no -wal, no -shm)
        finally:
            dest.close()
            source.close()
        return target
    uri, schema, password = _libpq(url)
    cmd = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
    if schema:
        cmd.append(f"--schema={schema}")
    _run([*cmd, f"--dbname={uri}"], "pg_dump 导出数据库", password)
    return target


def database_is_empty(engine: Engine) -> bool:
    """True when the database (its search_path schema on PostgreSQL) holds no table at all."""
    if engine.dialect.name == "sqlite":
        path = _sqlite_path(engine.url)
        if not path.exists() or path.stat().st_size == 0:
            return True
    with engine.connect() as conn:
        return not inspect(conn).get_table_names()


def restore_database(engine: Engine, snapshot: Path) -> None:
    """Load a snapshot into the (empty) database of engine."""
    if not database_is_empty(engine):
        raise ValidationFailed(
            "目标数据库不是空的：恢复只能写入新建的空数据库（不要先运行 zhifa db upgrade）",
            code="restore_target_not_empty",
        )
    engine.dispose()
    if engine.dialect.name == "sqlite":
        path = _sqlite_path(engine.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{snapshot}?mode=ro&immutable=1", uri=True)
        dest = sqlite3.connect(path)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return
    uri, schema, password = _libpq(engine.url)
    cmd = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if schema:  # the dump creates its schema: drop an empty one of that name first
        cmd += ["--clean", "--if-exists"]
    _run([*cmd, f"--dbname={uri}", str(snapshot)], "pg_restore 恢复数据库", password)

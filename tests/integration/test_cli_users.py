"""The `zhifa users|token|db` commands as a script sees them: exit codes, stdout, Chinese errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, func, select, text

from tests.integration.identity_helpers import PASSWORD, make_agencies
from zhifa.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from zhifa.errors import Unauthenticated
from zhifa.identity.auth import authenticate, resolve_token
from zhifa.identity.users import list_users
from zhifa.store.db import is_postgres, make_engine
from zhifa.store.models.identity import User
from zhifa.store.uow import UnitOfWork

ZHIFA = str(Path(sys.executable).with_name("zhifa"))


@dataclass
class Cli:
    """Runs `zhifa` with ZHIFA_DATABASE_URL set to the test database."""

    url: str
    engine: Engine

    def __call__(
        self, *args: str, stdin: str = "", url: str | None = None, extra: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
        env["ZHIFA_DATABASE_URL"] = url or self.url
        env.update(extra or {})
        return subprocess.run(
            [ZHIFA, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120, check=False
        )

    def user_count(self) -> int:
        with UnitOfWork(self.engine) as uow:
            return int(uow.session.scalar(select(func.count(User.id))) or 0)


@pytest.fixture
def bare_cli(engine: Engine, tmp_path: Path) -> Iterator[Cli]:
    """A migrated, empty database reachable by URL: a fresh SQLite file, or the PostgreSQL test schema."""
    if is_postgres(engine):
        with engine.connect() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        base = engine.url.render_as_string(hide_password=False)
        runner = Cli(f"{base}?options={quote(f'-csearch_path={schema}')}", engine)
    else:
        url = f"sqlite:///{tmp_path / 'cli.db'}"
        runner = Cli(url, make_engine(url))
    upgraded = runner("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "数据库已升级到版本" in upgraded.stdout
    yield runner
    if runner.engine is not engine:
        runner.engine.dispose()


@pytest.fixture
def cli(bare_cli: Cli) -> Cli:
    """The same with the small test agency tree."""
    make_agencies(bare_cli.engine)
    return bare_cli


def test_create_list_and_token(cli: Cli) -> None:
    made = cli(
        "users",
        "create",
        "--username",
        "zhang",
        "--role",
        "办案人员",
        "--agency",
        "420102",
        "--name",
        "张伟",
        "--credential-no",
        "42010220260001",
        stdin=PASSWORD + "\n",
    )
    assert made.returncode == 0, made.stderr
    assert "已创建用户 zhang" in made.stdout and "办案人员" in made.stdout
    reviewer = cli(
        "users",
        "create",
        "--username",
        "wang",
        "--role",
        "reviewer",
        "--role",
        "head",
        "--agency",
        "420102",
        "--legal-qualification",
        stdin=PASSWORD + "\n",
    )
    assert reviewer.returncode == 0, reviewer.stderr
    listed = cli("users", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    users = {u["username"]: u for u in json.loads(listed.stdout)}
    assert users["zhang"]["credential_no"] == "42010220260001"
    assert users["wang"]["roles"] == ["reviewer", "head"] and users["wang"]["legal_qualification"]
    plain = cli("users", "list")
    assert "张伟" in plain.stdout and "武汉市江岸区市场监督管理局" in plain.stdout

    token = cli("token", "create", "zhang", "--label", "脚本")
    assert token.returncode == 0, token.stderr
    lines = token.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("zf_")  # stdout is the token only
    assert "只显示这一次" in token.stderr
    assert resolve_token(UnitOfWork(cli.engine), lines[0]).username == "zhang"


@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (("--role", "chief", "--agency", "420102"), PASSWORD, "未知角色"),
        (("--role", "head", "--agency", "999999"), PASSWORD, "机构不存在"),
        (("--role", "handler", "--agency", "420102"), PASSWORD, "执法证号"),
        (("--role", "head", "--agency", "420102"), "short", "密码至少需要 10 个字符"),
        (("--role", "head", "--agency", "420102"), DEMO_PASSWORD, "演示密码"),
        (("--role", "head", "--agency", "420102"), "", "密码至少需要"),
    ],
)
def test_bad_input_exits_1_in_chinese_and_writes_nothing(
    cli: Cli, args: tuple[str, ...], stdin: str, fragment: str
) -> None:
    result = cli("users", "create", "--username", "someone", *args, stdin=stdin + "\n")
    assert result.returncode == 1
    assert result.stderr.startswith("错误[") and fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert cli.user_count() == 0


def test_duplicate_user_unknown_token_user_and_malformed_arguments(cli: Cli) -> None:
    assert (
        cli(
            "users",
            "create",
            "--username",
            "dup",
            "--role",
            "head",
            "--agency",
            "420102",
            stdin=PASSWORD + "\n",
        ).returncode
        == 0
    )
    again = cli(
        "users", "create", "--username", "dup", "--role", "head", "--agency", "420102", stdin=PASSWORD + "\n"
    )
    assert again.returncode == 1 and "用户名已存在" in again.stderr
    nobody = cli("token", "create", "nobody")
    assert nobody.returncode == 1 and "用户不存在" in nobody.stderr and nobody.stdout == ""
    usage = cli("users", "create", "--username", "x_y", "--role", "head")  # --agency missing
    assert usage.returncode != 0 and "agency" in usage.stderr
    assert cli.user_count() == 1


def test_unreachable_or_unmigrated_database(cli: Cli, tmp_path: Path) -> None:
    dead = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    for args in (("users", "list"), ("token", "create", "zhang"), ("db", "upgrade")):
        result = cli(*args, url=dead)
        assert result.returncode != 0
        assert "无法连接数据库" in result.stderr and "Traceback" not in result.stderr
    empty = cli("users", "list", url=f"sqlite:///{tmp_path / 'empty.db'}")
    assert empty.returncode == 1 and "zhifa db upgrade" in empty.stderr


def test_demo_load_is_idempotent_and_demonstrates_scope(bare_cli: Cli) -> None:
    first = bare_cli("demo", "load")
    assert first.returncode == 0, first.stderr
    assert "演示账号：" in first.stdout and DEMO_PASSWORD in first.stdout
    assert "jiangan_zhang" in first.stdout and "赤壁市市场监督管理局" in first.stdout
    count = bare_cli.user_count()
    second = bare_cli("demo", "load")
    assert second.returncode == 0, second.stderr
    assert "已存在" in second.stdout and "新建 0 个" in second.stdout
    assert bare_cli.user_count() == count == len(DEMO_USERS)
    head = authenticate(UnitOfWork(bare_cli.engine), "jiangan_zhao", DEMO_PASSWORD)
    visible = {u.username for u in list_users(UnitOfWork(bare_cli.engine), head)}
    assert "jiangan_zhang" in visible and not any(name.startswith("chibi") for name in visible)
    reviewer = authenticate(UnitOfWork(bare_cli.engine), "jiangan_wang", DEMO_PASSWORD)
    assert reviewer.legal_qualification


def test_operator_issues_an_inspector_token_and_manages_accounts_on_the_command_line(cli: Cli) -> None:
    made = cli("users", "create", "--username", "jijian", "--role", "inspector", "--agency", "420100",
               stdin=PASSWORD + "\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    token = cli("token", "create", "jijian", "--label", "监督")
    assert token.returncode == 0, token.stderr
    assert resolve_token(UnitOfWork(cli.engine), token.stdout.strip()).username == "jijian"
    weak = cli("users", "passwd", "jijian", stdin="jijian2026abc\n")
    assert weak.returncode == 1 and "weak_password" in weak.stderr and "用户名" in weak.stderr
    reset = cli("users", "passwd", "jijian", stdin="Another2026pw\n")
    assert reset.returncode == 0, reset.stderr
    assert authenticate(UnitOfWork(cli.engine), "jijian", "Another2026pw").username == "jijian"
    off = cli("users", "disable", "jijian")
    assert off.returncode == 0 and "已停用" in off.stdout
    with pytest.raises(Unauthenticated):
        resolve_token(UnitOfWork(cli.engine), token.stdout.strip())
    assert cli("users", "enable", "jijian").returncode == 0
    assert cli("users", "disable", "nobody").returncode == 1


def test_demo_accounts_are_refused_in_production(bare_cli: Cli) -> None:
    refused = bare_cli("demo", "load", extra={"ZHIFA_ENV": "production"})
    assert refused.returncode == 1 and "demo_in_production" in refused.stderr
    assert bare_cli.user_count() == 0

"""`zhifa sources ...`: the shipped source systems, keys shown once and stored only as an SM3 hash."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.integration.test_cli_users import Cli, bare_cli, cli  # noqa: F401  (fixtures)
from zhifa.errors import Unauthenticated
from zhifa.identity.auth import token_hash
from zhifa.integrations.sources import authenticate_source, shipped_sources
from zhifa.store.models import IntakeSource, User
from zhifa.store.uow import UnitOfWork


def test_the_twelve_provincial_sources_are_shipped_with_the_bureau_names() -> None:
    shipped = shipped_sources()
    assert len(shipped) == 12
    names = {s.name for s in shipped.values()}
    assert {"食品生产安全监管系统", "网络交易监测监管系统", "特种设备安全监管系统"} <= names
    assert shipped["online_trade"].routing == "domicile"  # 程序规定第十条
    assert shipped["ad_monitoring"].routing == "publisher"  # 程序规定第十一条


def test_enable_add_list_and_revoke_from_the_command_line(cli: Cli) -> None:  # noqa: F811
    listed = json.loads(cli("sources", "list", "--json").stdout)
    assert len(listed) == 12 and {s["status"] for s in listed} == {"not_enabled"}
    enabled = cli("sources", "enable", "food_production")
    assert enabled.returncode == 0, enabled.stderr
    key = enabled.stdout.strip().splitlines()[-1]
    assert key.startswith("zfsrc_") and "食品生产安全监管系统" in enabled.stdout
    with UnitOfWork(cli.engine) as uow:
        row = uow.session.scalar(select(IntakeSource).where(IntakeSource.code == "food_production"))
        assert row is not None and row.key_hash == token_hash(key) and key not in (row.key_hash or "")
        account = uow.session.get(User, row.user_id)
        assert account is not None and not account.active and account.password_hash == "!"
    assert authenticate_source(UnitOfWork(cli.engine), key).code == "food_production"
    again = cli("sources", "enable", "food_production")
    assert again.returncode == 1 and "错误[source_exists]" in again.stderr

    added = cli("sources", "add", "--code", "xianning_grid", "--name", "咸宁网格化监管平台",
                "--callback", "https://grid.example.cn/zhifa")  # fmt: skip
    assert added.returncode == 0, added.stderr
    other = added.stdout.strip().splitlines()[-1]
    status = {s["code"]: s for s in json.loads(cli("sources", "list", "--json").stdout)}
    assert status["xianning_grid"]["status"] == "enabled" and not status["xianning_grid"]["shipped"]
    assert status["xianning_grid"]["callback_url"] == "https://grid.example.cn/zhifa"
    assert "zfsrc_" not in cli("sources", "list").stdout

    revoked = cli("sources", "revoke", "xianning_grid")
    assert revoked.returncode == 0, revoked.stderr
    with pytest.raises(Unauthenticated):
        authenticate_source(UnitOfWork(cli.engine), other)
    reenabled = cli("sources", "add", "--code", "xianning_grid", "--name", "咸宁网格化监管平台")
    fresh = reenabled.stdout.strip().splitlines()[-1]
    assert fresh != other and authenticate_source(UnitOfWork(cli.engine), fresh).code == "xianning_grid"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("sources", "enable", "no_such_system"), "source_not_found"),
        (("sources", "add", "--code", "Bad Code", "--name", "某系统"), "bad_source_code"),
        (("sources", "add", "--code", "custom_one"), "bad_source_name"),
        (
            ("sources", "add", "--code", "custom_two", "--name", "某系统", "--callback", "ftp://x"),
            "bad_callback_url",
        ),
        (("sources", "revoke", "drugs"), "source_not_found"),
    ],
)
def test_bad_source_commands_are_refused_and_change_nothing(
    cli: Cli,  # noqa: F811
    args: tuple[str, ...],
    code: str,
) -> None:
    done = cli(*args)
    assert done.returncode == 1 and f"错误[{code}]" in done.stderr
    with UnitOfWork(cli.engine) as uow:
        assert uow.session.scalars(select(IntakeSource)).all() == []


def test_a_missing_or_foreign_key_is_refused() -> None:
    for key in (None, "", "zf_user_token", "zfsrc_" + "x" * 300):
        with pytest.raises(Unauthenticated):
            authenticate_source(UnitOfWork.__new__(UnitOfWork), key)

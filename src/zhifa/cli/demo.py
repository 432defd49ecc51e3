"""`zhifa demo ...`: demonstration agencies and users (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from zhifa.cli.demo_prepare import prepare
from zhifa.cli.users import ready_uow
from zhifa.config import get_settings
from zhifa.errors import ConfigurationError
from zhifa.identity.passwords import DEMO_PASSWORD
from zhifa.store.uow import UnitOfWork

app = typer.Typer(no_args_is_help=True)
app.command(
    "prepare",
    help="准备演示站点：尽量填充数据目录，载入演示数据；有数据时导入法律与判例并训练助手，最后列出演示账号",
)(prepare)

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "app"]  # the fixed, published password: demo accounts only


@dataclass(frozen=True)
class DemoUser:
    """One demonstration account."""

    username: str
    name: str
    agency: str
    roles: tuple[str, ...]
    credential_no: str | None = None
    legal: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("hubei_admin", "刘洋", "420000", ("admin",)),
    DemoUser("wuhan_jijian", "陈静", "420100", ("inspector",)),
    DemoUser("jiangan_zhang", "张伟", "420102", ("handler",), "42010220260001"),
    DemoUser("jiangan_li", "李娜", "420102", ("handler",), "42010220260002"),
    DemoUser("jiangan_wang", "王芳", "420102", ("reviewer",), "42010220260003", legal=True),
    DemoUser("jiangan_zhao", "赵强", "420102", ("head",), "42010220260004"),
    DemoUser("chibi_sun", "孙磊", "421281", ("handler",), "42128120260001"),
    DemoUser("chibi_zhou", "周敏", "421281", ("handler",), "42128120260002"),
    DemoUser("chibi_zheng", "郑丽", "421281", ("reviewer",)),
    DemoUser("chibi_wu", "吴刚", "421281", ("head",), "42128120260003"),
)


@app.command("load", help="载入演示数据：湖北省各级市场监管机构与演示账号（可重复运行）")
def load() -> None:
    """Load the Hubei agencies, the demo users and cases; existing ones are left as they are."""
    loaded = load_demo()
    typer.echo(f"机构：新建 {loaded.agencies_created} 个（已有的保持不变）")
    print_accounts(loaded)
    print_cases(loaded)


@dataclass(frozen=True)
class DemoLoaded:
    """What `load_demo` did: agencies created, account rows, demo cases (key, stage, status)."""

    agencies_created: int
    accounts: list[tuple[str, str, str, str, str]]
    cases: list[tuple[str, str, str]]


def load_demo() -> DemoLoaded:
    """Create the agencies, demo users and demo cases that are missing; print nothing."""
    if get_settings().env == "production":
        raise ConfigurationError(
            "生产环境（ZHIFA_ENV=production）不能载入演示账号：其密码是公开的", code="demo_in_production"
        )
    from zhifa.identity.agencies import load_hubei_agencies
    from zhifa.identity.users import add_user, find_user
    from zhifa.services.cases import china_today
    from zhifa.services.demo_cases import load_demo_cases

    uow = ready_uow()
    rows: list[tuple[str, str, str, str, str]] = []
    with uow:
        agencies_created = load_hubei_agencies(uow.session)
        for demo in DEMO_USERS:
            user = find_user(uow.session, demo.username)
            status = "已存在"
            if user is None:
                status = "新建"
                user = add_user(
                    uow.session,
                    None,
                    username=demo.username,
                    display_name=demo.name,
                    agency_code=demo.agency,
                    roles=list(demo.roles),
                    password=DEMO_PASSWORD,
                    credential_no=demo.credential_no,
                    legal_qualification=demo.legal,
                    demo=True,
                )
            labels = "、".join(_label(r.role) for r in user.roles)
            rows.append(
                (user.username, f"{user.display_name}（{labels}）", user.agency.name, DEMO_PASSWORD, status)
            )
        uow.commit()
    cases = load_demo_cases(lambda: UnitOfWork(uow.engine), china_today())
    return DemoLoaded(agencies_created, rows, cases)


def print_accounts(loaded: DemoLoaded) -> None:
    """The demo accounts as a table, with the password warning."""
    typer.echo("演示账号：")
    typer.echo("用户名\t姓名（角色）\t机构\t密码\t状态")
    for row in loaded.accounts:
        typer.echo("\t".join(row))
    typer.echo("以上为演示用固定密码，仅供演示环境使用。")


def print_cases(loaded: DemoLoaded) -> None:
    """The demo cases with their stage."""
    from zhifa.domain.stages import Stage

    created = sum(1 for _, _, status in loaded.cases if status == "新建")
    typer.echo(f"演示案件：新建 {created} 件，已有 {len(loaded.cases) - created} 件")
    for key, stage, status in loaded.cases:
        typer.echo(f"  {key}\t{Stage(stage).label}\t{status}")


def _label(role: str) -> str:
    from zhifa.domain.actors import Role

    return Role(role).label

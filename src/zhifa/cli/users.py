"""`zhifa users ...`: create and list users from the command line."""

from __future__ import annotations

from datetime import date

import typer

from zhifa.cli.common import engine_from_settings, print_json, read_stdin_secret
from zhifa.errors import ConfigurationError, ValidationFailed
from zhifa.store.uow import UnitOfWork

app = typer.Typer(no_args_is_help=True)


def ready_uow() -> UnitOfWork:
    """A unit of work on ZHIFA_DATABASE_URL; refuses an unreachable or never-migrated database."""
    from zhifa.store.migrate import current_revision

    engine = engine_from_settings()
    if current_revision(engine) is None:
        raise ConfigurationError("数据库尚未初始化，请先运行 zhifa db upgrade", code="database_not_migrated")
    return UnitOfWork(engine)


@app.command("create", help="创建用户；密码从标准输入读取（一行）")
def create(
    username: str = typer.Option(..., "--username", help="用户名（小写字母开头）"),
    role: list[str] = typer.Option(
        ...,
        "--role",
        help="角色，可重复：handler/办案人员、reviewer/审核人员、"
        "head/负责人、inspector/纪检监察、admin/系统管理员",
    ),
    agency: str = typer.Option(..., "--agency", help="所属机构代码，如 420102"),
    name: str | None = typer.Option(None, "--name", help="显示名（默认同用户名）"),
    credential_no: str | None = typer.Option(None, "--credential-no", help="执法证号（办案人员必填）"),
    legal_qualification: bool = typer.Option(
        False, "--legal-qualification", help="具有法律职业资格（法制审核人员）"
    ),
    legal_review_since: str | None = typer.Option(
        None,
        "--legal-review-since",
        help="首次从事法制审核的日期 YYYY-MM-DD（2021-07-15 前已从事的，不受法律职业资格要求限制）",
    ),
) -> None:
    """Create a user (command-line bootstrap: no scope restriction)."""
    from zhifa.identity.scope import parse_roles
    from zhifa.identity.users import create_user

    roles = parse_roles(role)  # bad roles fail before the password is asked for
    uow = ready_uow()
    password = read_stdin_secret("密码")
    info = create_user(
        uow,
        None,
        username=username,
        agency_code=agency,
        roles=roles,
        password=password,
        display_name=name,
        credential_no=credential_no,
        legal_qualification=legal_qualification,
        legal_review_since=_date(legal_review_since),
    )
    labels = "、".join(r.label for r in info.roles)
    typer.echo(f"已创建用户 {info.username}（{info.display_name}；角色：{labels}；机构：{info.agency_name}）")


@app.command("list", help="列出全部用户")
def list_(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
    """List every user with roles and agency."""
    from zhifa.identity.users import list_users

    users = list_users(ready_uow(), None)
    if as_json:
        print_json([u.to_dict() for u in users])
        return
    if not users:
        typer.echo("暂无用户")
        return
    for u in users:
        roles = "、".join(r.label for r in u.roles)
        extra = f" 执法证号 {u.credential_no}" if u.credential_no else ""
        extra += " 法律职业资格" if u.legal_qualification else ""
        state = "" if u.active else "（已停用）"
        typer.echo(f"{u.id}\t{u.username}\t{u.display_name}\t{roles}\t{u.agency_name}{extra}{state}")


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"日期格式应为 YYYY-MM-DD：{text}", code="bad_date") from None

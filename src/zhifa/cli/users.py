"""`zhifa users ...`: create and list users from the command line."""

from __future__ import annotations

from datetime import date

import typer

from zhifa.cli.common import print_json, read_stdin_secret, ready_uow
from zhifa.errors import ValidationFailed
from zhifa.store.uow import UnitOfWork

app = typer.Typer(no_args_is_help=True)


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


def _user_id(uow: UnitOfWork, username: str) -> int:
    from zhifa.identity.scope import missing
    from zhifa.identity.users import find_user

    with uow:
        user = find_user(uow.session, username)
        if user is None:
            raise missing("用户", "user_not_found")
        return user.id


@app.command("passwd", help="重置用户密码（从标准输入读取一行）；该用户的浏览器会话全部结束")
def passwd(username: str = typer.Argument(..., help="用户名")) -> None:
    """Set a user's password from the command line; the user's sessions end."""
    from zhifa.identity.accounts import reset_password

    uow = ready_uow()
    user_id = _user_id(uow, username)
    reset_password(uow, None, user_id, read_stdin_secret("新密码"))
    typer.echo(f"已重置用户 {username} 的密码，其已登录的会话均已结束")


@app.command("disable", help="停用用户：不能再登录，已登录的会话与访问令牌立即失效")
def disable(username: str = typer.Argument(..., help="用户名")) -> None:
    """Deactivate a user; the user's sessions end."""
    from zhifa.identity.accounts import update_user

    uow = ready_uow()
    update_user(uow, None, _user_id(uow, username), active=False)
    typer.echo(f"已停用用户 {username}")


@app.command("enable", help="重新启用已停用的用户")
def enable(username: str = typer.Argument(..., help="用户名")) -> None:
    """Reactivate a user."""
    from zhifa.identity.accounts import update_user

    uow = ready_uow()
    update_user(uow, None, _user_id(uow, username), active=True)
    typer.echo(f"已启用用户 {username}")

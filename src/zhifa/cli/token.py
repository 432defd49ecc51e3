"""`zhifa token ...`: bearer tokens for API clients."""

from __future__ import annotations

import typer

from zhifa.cli.common import ready_uow
from zhifa.timefmt import show_time

app = typer.Typer(no_args_is_help=True)


@app.command("create", help="为用户创建 API 访问令牌；标准输出只打印令牌本身")
def create(
    username: str = typer.Argument(..., help="用户名"),
    label: str = typer.Option("", "--label", help="令牌用途说明"),
    days: int | None = typer.Option(None, "--days", help="有效天数（默认 ZHIFA_TOKEN_TTL_DAYS）"),
) -> None:
    """Print a new token for USERNAME (shown once; only its SM3 hash is stored)."""
    from zhifa.identity.auth import create_token_for_username

    issued = create_token_for_username(ready_uow(), username, label=label, ttl_days=days)
    typer.echo(issued.token)
    typer.echo(
        f"令牌编号 {issued.id}，有效期至 {show_time(issued.expires_at)}（北京时间，只显示这一次）", err=True
    )


@app.command("revoke", help="撤销 API 访问令牌（按令牌编号）")
def revoke(token_id: int = typer.Argument(..., help="令牌编号")) -> None:
    """Revoke a token by id."""
    from zhifa.identity.auth import revoke_token

    revoke_token(ready_uow(), None, token_id)
    typer.echo(f"已撤销令牌 {token_id}")

"""`zhifa sources ...`: the business supervision systems that push clues (业务监管系统接入)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from zhifa.cli.common import print_json, ready_uow

if TYPE_CHECKING:
    from zhifa.integrations.callback_catchup import CatchUp
    from zhifa.integrations.sources import CallbackCleared, CallbackSet, IssuedKey

app = typer.Typer(no_args_is_help=True)

STATUS_LABELS = {"enabled": "已启用", "revoked": "已撤销", "not_enabled": "未启用"}
CALLBACK_HELP = (
    "处理结果回调地址（https://，本机测试可用 http://127.0.0.1）；已启用的来源系统只更换回调地址，密钥不变"
)
NO_CALLBACK_HELP = (
    "清除回调地址：此后不再向该系统回调（可以 GET /api/v1/intake/clues/{id} 查询），未投递的回调转入死信"
    "（原因“回调地址已清除”），重新设置地址时重新排队并补发；已启用的来源系统密钥不变"
)


def _actor() -> str:
    import getpass

    return f"命令行:{getpass.getuser()}"


def _caught_up(done: CatchUp) -> None:
    typer.echo(
        f"已补发回调 {done.queued} 条（涉及线索 {done.clues} 条），由 zhifa outbox run 按线索顺序投递；"
        "已排队或已投递的不会重复"
    )
    if done.requeued:
        typer.echo(f"另有 {done.requeued} 条转入死信的回调因回调地址或密钥变更重新排队")


def _one_of(callback: str, no_callback: bool) -> None:
    from zhifa.errors import ValidationFailed

    if callback and no_callback:
        raise ValidationFailed("--callback 与 --no-callback 不能同时使用", code="bad_callback_url")


def _issued(issued: IssuedKey) -> None:
    typer.echo(f"来源系统 {issued.code}（{issued.name}）已启用；API 密钥只显示这一次，请妥善交付该系统：")
    if issued.callback_secret:
        typer.echo(f"回调签名密钥（HMAC-SM3，用于校验 X-Zhifa-Signature）：{issued.callback_secret}")
    if issued.catch_up is not None:
        typer.echo(f"回调地址：{issued.callback_url}")
        _caught_up(issued.catch_up)
    typer.echo(issued.key)


def _callback_cleared(done: CallbackCleared) -> None:
    if done.previous_url is None:
        typer.echo(f"来源系统 {done.code}（{done.name}）已启用，API 密钥不变；回调地址本未设置")
    else:
        before = done.previous_url
        typer.echo(
            f"来源系统 {done.code}（{done.name}）已启用，API 密钥不变；回调地址已清除（原为 {before}）"
        )
    typer.echo(
        f"未投递的回调 {done.dead} 条转入死信（原因：回调地址已清除），重新设置回调地址时重新排队；"
        "此后该系统可以 GET /api/v1/intake/clues/{id} 查询处理情况"
    )


def _callback_set(done: CallbackSet) -> None:
    if done.previous_url == done.callback_url:
        typer.echo(
            f"来源系统 {done.code}（{done.name}）已启用，API 密钥不变；回调地址未变：{done.callback_url}"
        )
    else:
        before = done.previous_url or "未设置"
        typer.echo(
            f"来源系统 {done.code}（{done.name}）已启用，API 密钥不变；回调地址已设为 {done.callback_url}"
            f"（原为 {before}）"
        )
    _caught_up(done.catch_up)


@app.command("add", help="登记来源系统并生成 API 密钥（标准输出最后一行为密钥，只显示一次）")
def add(
    code: str = typer.Option(..., "--code", help="来源系统代码（小写字母、数字、下划线）"),
    name: str = typer.Option("", "--name", help="来源系统名称（随系统配置的来源可省略，沿用配置名称）"),
    callback: str = typer.Option("", "--callback", help=CALLBACK_HELP),
    no_callback: bool = typer.Option(False, "--no-callback", help=NO_CALLBACK_HELP),
) -> None:
    """Register a source system (or a shipped one under another name) and print its key once; for an
    enabled source with --callback, set or change its callback URL and bring it up to date; with
    --no-callback, clear it."""
    from zhifa.integrations.sources import add_source, clear_callback, set_callback, source_enabled

    _one_of(callback, no_callback)
    uow = ready_uow()
    if callback and source_enabled(uow, code):
        _callback_set(set_callback(uow, code, callback, _actor(), name or None))
        return
    if no_callback and source_enabled(uow, code):
        _callback_cleared(clear_callback(uow, code, _actor()))
        return
    _issued(add_source(uow, code, name or None, callback or None, _actor(), no_callback))


@app.command(
    "enable",
    help="启用随系统配置的来源系统（标准输出最后一行为 API 密钥，只显示一次）；"
    "已启用的加 --callback 更换回调地址，加 --no-callback 清除回调地址",
)
def enable(
    code: str = typer.Argument(..., help="来源系统代码，见 zhifa sources list"),
    callback: str = typer.Option("", "--callback", help=CALLBACK_HELP),
    no_callback: bool = typer.Option(False, "--no-callback", help=NO_CALLBACK_HELP),
) -> None:
    """Enable a shipped source system and print its key once; for an enabled one with --callback, set or
    change its callback URL and queue the callbacks its clues have not had; with --no-callback, clear it."""
    from zhifa.integrations.sources import clear_callback, enable_source, set_callback, source_enabled

    _one_of(callback, no_callback)
    uow = ready_uow()
    if callback and source_enabled(uow, code):
        _callback_set(set_callback(uow, code, callback, _actor()))
        return
    if no_callback and source_enabled(uow, code):
        _callback_cleared(clear_callback(uow, code, _actor()))
        return
    _issued(enable_source(uow, code, callback or None, _actor(), no_callback))


@app.command("list", help="列出来源系统（含随系统配置但尚未启用的）")
def list_(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
    """List source systems with their status (never a key)."""
    from zhifa.integrations.sources import list_sources

    items = list_sources(ready_uow())
    if as_json:
        print_json(items)
        return
    for s in items:
        callback = f"\t回调 {s['callback_url']}" if s["callback_url"] else ""
        typer.echo(f"{s['code']}\t{s['name']}\t{STATUS_LABELS[s['status']]}{callback}")


@app.command("revoke", help="撤销来源系统的 API 密钥（此后推送一律拒绝；已收线索保留）")
def revoke(code: str = typer.Argument(..., help="来源系统代码")) -> None:
    """Revoke a source system's key."""
    from zhifa.integrations.sources import revoke_source

    revoke_source(ready_uow(), code, _actor())
    typer.echo(f"已撤销来源系统 {code} 的 API 密钥")


@app.command(
    "callback-secret", help="显示来源系统的回调签名密钥（由服务器密钥与当前 API 密钥摘要导出，换密钥即变）"
)
def callback_secret_(code: str = typer.Argument(..., help="来源系统代码")) -> None:
    """Print the HMAC-SM3 key the source verifies callbacks with."""
    from zhifa.integrations.sources import source_callback_secret

    typer.echo(source_callback_secret(ready_uow(), code))

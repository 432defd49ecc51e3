"""`zhifa backup create DIR [--include-secrets]` and `zhifa backup restore DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zhifa.cli.common import engine_from_settings
from zhifa.errors import ZhifaError

app = typer.Typer(no_args_is_help=True)


@app.command("create", help="备份：数据库一致性快照 + 证据文件 + 服务器密钥 + SM3 清单 + 签名检查点")
def create(
    directory: Annotated[Path, typer.Argument(help="新的空目录（不存在则创建）")],
    include_secrets: Annotated[
        bool, typer.Option("--include-secrets", help="同时备份密钥文件 secrets.json（请妥善保管该备份）")
    ] = False,
) -> None:
    """Write a backup into an empty directory."""
    from zhifa.services.backup import create_backup

    engine = engine_from_settings()
    try:
        made = create_backup(engine, directory, include_secrets)
    finally:
        engine.dispose()
    typer.echo(
        f"备份完成：{directory}，{made.files} 个文件，共 {made.bytes:,} 字节；"
        f"检查点覆盖 {made.records} 条账本记录，根哈希 {made.checkpoint_root}"
    )
    if not made.secrets_included:
        typer.echo("注意：备份不含密钥文件；恢复时须另行提供相同的密钥（或使用 --include-secrets 备份）。")


@app.command("restore", help="恢复：校验清单中每个文件的 SM3 后恢复到空数据库与空数据目录，并完整校验账本")
def restore(directory: Annotated[Path, typer.Argument(help="zhifa backup create 生成的备份目录")]) -> None:
    """Restore a backup into the configured empty database and var directory, then verify."""
    from zhifa.services.backup import restore_backup

    engine = engine_from_settings()
    try:
        done = restore_backup(engine, directory)
    finally:
        engine.dispose()
    report = done.report
    typer.echo(
        f"已恢复 {done.files} 个文件与数据库；账本 {len(report.streams)} 个账本流，{report.records} 条记录。"
    )
    if not done.report.ok:
        first = report.problems[0]
        raise ZhifaError(f"恢复后账本校验未通过：{first.describe()}", code="ledger_verify_failed")
    if done.against is not None:
        raise ZhifaError(f"恢复后的账本不是备份检查点的延续：{done.against.message}", code=done.against.code)
    typer.echo("校验通过：哈希链、签名、案件表完好，且是备份时检查点的延续。")

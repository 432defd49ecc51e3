"""`zhifa db ...`: migrations."""

from __future__ import annotations

import typer

from zhifa.cli.common import engine_from_settings

app = typer.Typer(no_args_is_help=True)


@app.command("upgrade", help="把数据库结构升级到最新版本（Alembic 迁移）")
def upgrade() -> None:
    """Apply all migrations."""
    from zhifa.store.migrate import current_revision
    from zhifa.store.migrate import upgrade as do_upgrade

    engine = engine_from_settings()
    do_upgrade(engine)
    typer.echo(f"数据库已升级到版本 {current_revision(engine)}")

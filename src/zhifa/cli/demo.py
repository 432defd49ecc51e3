"""`zhifa demo ...`: demonstration agencies and users (idempotent)."""

from __future__ import annotations

import typer

from zhifa.cli.common import ready_uow
from zhifa.cli.demo_prepare import prepare, print_accounts, print_cases
from zhifa.demo.accounts import load_demo

app = typer.Typer(no_args_is_help=True)
app.command(
    "prepare",
    help="准备演示站点：尽量填充数据目录，载入演示数据；有数据时导入法律与判例并训练助手，最后列出演示账号",
)(prepare)


@app.command("load", help="载入演示数据：湖北省各级市场监管机构与演示账号（可重复运行）")
def load() -> None:
    """Load the Hubei agencies, the demo users and cases; existing ones are left as they are."""
    loaded = load_demo(ready_uow)
    typer.echo(f"机构：新建 {loaded.agencies_created} 个（已有的保持不变）")
    print_accounts(loaded)
    print_cases(loaded)

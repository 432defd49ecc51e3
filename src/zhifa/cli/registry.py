"""`zhifa registry ...`: the market-entity registry (市场主体登记信息) and ID-number checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from zhifa.cli.common import print_json, ready_uow

app = typer.Typer(no_args_is_help=True)


def _line(e: dict[str, object]) -> str:
    label = f"\t【{e['label']}】" if e.get("label") else ""
    return f"{e['uscc']}\t{e['name']}\t{e['entity_type']}\t{e['domicile']}\t{e['status']}{label}"


@app.command("import", help="导入登记信息文件（含表头的 CSV 或 JSONL）；任何一行有误则整批不导入")
def import_(
    file: Path = typer.Argument(..., help="CSV（表头含 uscc、name）或 JSONL 文件"),
    demo: bool = typer.Option(False, "--demo", help="标记为演示（虚构）数据"),
) -> None:
    """Import a registry export, all or nothing."""
    from zhifa.integrations.registry_service import import_registry

    done = import_registry(ready_uow(), file, demo=demo)
    typer.echo(f"已导入 {done['imported']} 条登记信息（{done['file']}{'，演示数据' if demo else ''}）")


@app.command("demo", help="导入随系统提供的演示（虚构）市场主体")
def demo_() -> None:
    """Load the shipped fictitious entities."""
    from zhifa.integrations.registry_service import import_demo_registry

    done = import_demo_registry(ready_uow())
    typer.echo(f"已导入 {done['imported']} 条演示（虚构）登记信息")


@app.command("show", help="按统一社会信用代码查询登记信息")
def show(
    uscc: str = typer.Argument(..., help="统一社会信用代码"),
    name: str = typer.Option("", "--name", help="核对的名称（与登记名称不一致时提示）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """One entity."""
    from zhifa.integrations.registry_service import lookup_entity

    found = lookup_entity(ready_uow(), uscc, name or None)
    if as_json:
        print_json(found)
        return
    typer.echo(_line(found))
    check = found.get("name_check")
    if check and check["differs"]:
        typer.echo(f"注意：{check['message']}")


@app.command("search", help="按名称检索登记信息（先前缀匹配，再包含匹配）")
def search(
    name: str = typer.Argument(..., help="名称或其一部分（至少 2 个字）"),
    limit: int = typer.Option(10, "--limit", help="最多返回条数（≤50）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """Entities by name."""
    from zhifa.integrations.registry_service import search_entities

    found = search_entities(ready_uow(), name, limit)
    if as_json:
        print_json(found)
        return
    for e in found:
        typer.echo(_line(e))
    if not found:
        typer.echo("没有找到")


@app.command("person", help="核验居民身份证号码：出生日期、性别、违法行为时年龄（未成年人情节）")
def person_(
    id_number: str = typer.Argument(..., help="18 位居民身份证号码"),
    act_on: str = typer.Option("", "--act-on", help="违法行为发生日期 YYYY-MM-DD"),
) -> None:
    """Identity facts of a natural person."""
    from zhifa.errors import ValidationFailed
    from zhifa.integrations.registry_service import person

    try:
        on = date.fromisoformat(act_on) if act_on else None
    except ValueError:
        raise ValidationFailed("日期应为 YYYY-MM-DD", code="bad_date") from None
    print_json(person(id_number, on))

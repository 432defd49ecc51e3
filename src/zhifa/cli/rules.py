"""`zhifa rules`: the violation catalog (裁量基准) — check, list, show, suggest."""

from __future__ import annotations

from typing import Annotated

import typer

from zhifa.cli.common import engine_from_settings, print_json
from zhifa.config import get_settings
from zhifa.rules.engine import suggest as run_suggest
from zhifa.rules.factors import load_factors
from zhifa.rules.inputs import make_input
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import get_profile, load_profiles
from zhifa.timefmt import beijing_today

app = typer.Typer(help="违法行为目录（裁量基准）与裁量建议", no_args_is_help=True, rich_markup_mode=None)


@app.command("check", help="按法规库校验整个目录（条文可解析、罚款数字出现在条文中）；有问题时退出码非零")
def check(as_json: Annotated[bool, typer.Option("--json", help="JSON 输出")] = False) -> None:
    """Validate the catalog against the law library."""

    from zhifa.law.citation_resolver import library_resolver
    from zhifa.rules.service import check_rules

    count, problems = check_rules(library_resolver(engine_from_settings()), beijing_today())
    if as_json:
        print_json({"entries": count, "ok": not problems, "problems": [p.to_dict() for p in problems]})
    else:
        for problem in problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"条目 {count} 个；问题 {len(problems)} 处")
    if problems:
        raise typer.Exit(1)


@app.command("list", help="列出目录条目")
def list_entries(
    area: Annotated[str | None, typer.Option("--area", help="只列该领域")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON 输出")] = False,
) -> None:
    """List catalog entries."""
    catalog = load_catalog()
    rows = [e.summary() for e in catalog.entries.values() if area is None or e.area == area]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['id']}\t{row['area']}\t{row['name']}\t{'；'.join(row['basis'][:2])}")
    typer.echo(f"共 {len(rows)} 个")


@app.command("show", help="显示一个条目（YAML 原文）")
def show(entry_id: Annotated[str, typer.Argument(help="条目编号，如 price.marking_missing")]) -> None:
    """Print one entry's YAML file."""

    from zhifa.rules.loader import CATALOG_DIR

    entry = load_catalog().get(entry_id)
    typer.echo((CATALOG_DIR.parent / entry.source_file).read_text(encoding="utf-8"))


@app.command("suggest", help="按违法行为类型、日期、当事人类型、数额和情节给出裁量建议")
def suggest(
    type_id: Annotated[str, typer.Option("--type", help="违法行为类型编号")],
    act_date: Annotated[str, typer.Option("--act-date", help="违法行为发生日期 YYYY-MM-DD")],
    party_type: Annotated[
        str, typer.Option("--party-type", help="person / individual_business / organization")
    ],
    goods_value: Annotated[str | None, typer.Option("--goods-value", help="货值金额（元）")] = None,
    illegal_income: Annotated[str | None, typer.Option("--illegal-income", help="违法所得（元）")] = None,
    sales: Annotated[str | None, typer.Option("--sales", help="销售额（元）")] = None,
    ad_fee: Annotated[str | None, typer.Option("--ad-fee", help="广告费用（元）")] = None,
    quantity: Annotated[str | None, typer.Option("--quantity", help="数量")] = None,
    factor: Annotated[list[str] | None, typer.Option("--factor", help="裁量情节编号，可多次")] = None,
    severity: Annotated[str, typer.Option("--severity", help="情节：一般 / 较重 / 严重")] = "一般",
    decision_date: Annotated[
        str | None, typer.Option("--decision-date", help="作出决定日期（默认今天）")
    ] = None,
    reduce: Annotated[bool, typer.Option("--reduce", help="选择减轻处罚（须有法定减轻情节）")] = False,
    profile: Annotated[
        str | None, typer.Option("--profile", help="地区配置（默认 ZHIFA_DEFAULT_PROFILE）")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON 输出")] = False,
) -> None:
    """Suggest a penalty."""
    settings = get_settings()
    profiles = load_profiles()
    name = profile or settings.default_profile
    amounts = {
        "goods_value": goods_value,
        "illegal_income": illegal_income,
        "sales": sales,
        "ad_fee": ad_fee,
        "quantity": quantity,
    }
    inp = make_input(
        type_id,
        act_date,
        party_type,
        {k: v for k, v in amounts.items() if v is not None},
        factor or [],
        severity,
        decision_date,
        reduce,
        name,
    )
    resolver = None
    try:
        from zhifa.law.citation_resolver import library_resolver

        resolver = library_resolver(engine_from_settings())
    except Exception:
        resolver = None
    result = run_suggest(load_catalog(), load_factors(), get_profile(profiles, name), inp, resolver).to_dict()
    if as_json:
        print_json(result)
        return
    typer.echo(f"{result['name']}（{result['type']}）")
    typer.echo(
        "处罚种类："
        + "、".join(k["name"] + ("" if k["mode"] == "必处" else "（可处）") for k in result["kinds"])
    )
    typer.echo(
        f"法定罚款幅度：{result['statutory_range']}  阶次：{result['tier']}  "
        f"建议幅度：{result['suggested_range']}"
    )
    typer.echo(f"建议罚款：{result['suggested_fine'] or '不处罚款'}")
    conditional = result.get("conditional_fine")
    if conditional:
        typer.echo(f"附条件罚款：{conditional['note']}；法定幅度 {conditional['statutory_range']}")
    alternative = result.get("alternative")
    if alternative:
        typer.echo(
            f"建议不予处罚；如决定处罚：阶次 {alternative['tier']}，建议罚款 {alternative['suggested_fine']}"
            f"（{alternative['note']}）"
        )
    for reason in result["no_penalty"]["reasons"]:
        typer.echo(f"不予处罚理由：{reason}")
    for key in ("hearing", "summary_procedure", "legal_review", "criminal_transfer"):
        typer.echo(f"{key}: {result[key]}")

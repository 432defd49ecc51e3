"""`zhifa stats …`: the 4×100% rates, counts and 案值 of a subtree and period; breakdowns; rebuild."""

from __future__ import annotations

from typing import Any

import typer

from zhifa.cli.common import print_json, ready_uow

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

AGENCY = typer.Option(None, "--agency", help="机构代码（默认全省）：统计该机构及全部下级")
START = typer.Option(None, "--from", help="期间开始 YYYY-MM-DD（默认本年 1 月 1 日）")
END = typer.Option(None, "--to", help="期间结束 YYYY-MM-DD（默认今天），含当日")
SYNTHETIC = typer.Option(
    False, "--synthetic", help="统计合成数据（zhifa stats synthesize 生成），不含真实案件"
)
JSON = typer.Option(False, "--json", help="输出 JSON")


def _pct(r: dict[str, Any]) -> str:
    value = "—" if r["rate"] is None else f"{r['rate'] * 100:.1f}%"
    return f"{value}（{r['numerator']}/{r['denominator']}）"


@app.command("summary", help="四个 100%（应用率、操作率、全流程网办率、公示率）、数量与案值")
def summary_cmd(
    agency: str | None = AGENCY, start: str | None = START, end: str | None = END,
    synthetic: bool = SYNTHETIC, as_json: bool = JSON,
) -> None:  # fmt: skip
    """Print the summary of a subtree and period."""
    from zhifa.stats.service import facts_behind, get_summary
    from zhifa.stats.summary import COUNT_LABELS, MONEY_LABELS, RATE_LABELS

    uow = ready_uow()
    s = get_summary(uow, None, agency, start, end, synthetic=synthetic)
    behind = 0 if synthetic else facts_behind(uow)
    if as_json:
        print_json({**s, "facts_behind": behind})
        return
    head = f"{s['scope']['name']}  {s['period']['from']} 至 {s['period']['to']}"
    typer.echo(head + ("  【合成数据，非真实案件】" if synthetic else ""))
    for key, label in RATE_LABELS.items():
        typer.echo(f"  {label}：{_pct(s[key])}")
    typer.echo(f"  按期公示率：{_pct(s['publicity_on_time_rate'])}")
    for key, label in COUNT_LABELS.items():
        typer.echo(f"  {label}：{s['counts'][key]}")
    for key, label in MONEY_LABELS.items():
        typer.echo(f"  {label}：{s['case_value'][key]} 元")
    for d in s["handling_days"]:
        avg = "—" if d["average_days"] is None else f"{d['average_days']} 日"
        typer.echo(f"  平均用时 {d['label']}：{avg}（{d['cases']} 件）")
    if behind:
        typer.echo(f"注意：{behind} 件案件尚无统计记录，请运行 zhifa stats rebuild", err=True)


@app.command("breakdown", help="按下级机构（逐级下钻）、线索来源、等级、程序、阶段、违法行为、领域分组")
def breakdown_cmd(
    by: str = typer.Option("agency", "--by", help="agency|source|grade|procedure|stage|violation|area"),
    agency: str | None = AGENCY, start: str | None = START, end: str | None = END,
    synthetic: bool = SYNTHETIC, as_json: bool = JSON,
) -> None:  # fmt: skip
    """Print the breakdown of a subtree and period by one dimension."""
    from zhifa.stats.service import get_breakdown

    b = get_breakdown(ready_uow(), None, by, agency, start, end, synthetic=synthetic)
    if as_json:
        print_json(b)
        return
    typer.echo(f"{b['scope']['name']}  {b['period']['from']} 至 {b['period']['to']}  按{b['by_label']}")
    for r in b["rows"]:
        c = r["counts"]
        typer.echo(
            f"  {r['label']}  线索 {c['clues']}  立案 {c['filed']}  简易 {c['summary_cases']}  "
            f"处罚 {c['penalties']}  案值 {r['case_value']} 元  结案 {c['closed']}  "
            f"网办率 {_pct(r['full_online_rate'])}  公示率 {_pct(r['publicity_rate'])}"
        )


@app.command("rebuild", help="从案件账本重算全部统计记录（升级到含统计的版本后运行一次）")
def rebuild_cmd() -> None:
    """Recompute the fact rows and the officer activity of every real case from the ledger."""
    from zhifa.stats.service import rebuild

    done = rebuild(ready_uow())
    typer.echo(f"已重算 {done} 件案件的统计记录")


@app.command("export", help="导出 Excel（概览与各分组，中文表头，标题含机构与期间）")
def export_cmd(
    output: str = typer.Option(..., "-o", "--output", help="写入的 .xlsx 文件"),
    agency: str | None = AGENCY, start: str | None = START, end: str | None = END,
    synthetic: bool = SYNTHETIC,
) -> None:  # fmt: skip
    """Write the summary and every breakdown to an .xlsx file."""
    from pathlib import Path

    from zhifa.stats.service import export_workbook

    _name, data = export_workbook(ready_uow(), None, agency, start, end, synthetic=synthetic)
    Path(output).write_bytes(data)
    typer.echo(f"已写入 {output}（{len(data)} 字节）")


@app.command("synthesize", help="生成合成历史数据（只写统计表并标记为合成，不与真实数据混合）")
def synthesize_cmd(
    cases: int = typer.Option(100_000, "--cases", help="合成案件数"),
    years: int = typer.Option(3, "--years", help="分布在最近几年"),
    seed: int = typer.Option(20261205, "--seed", help="随机种子（同一种子得到同一份数据）"),
    clear: bool = typer.Option(False, "--clear", help="只删除已有的合成数据"),
) -> None:
    """Replace (or with --clear remove) the synthetic history of the statistics."""
    from zhifa.stats.service import clear_synthetic, synthesize_history

    uow = ready_uow()
    if clear:
        clear_synthetic(uow)
        typer.echo("已删除全部合成数据")
        return
    made = synthesize_history(uow, cases=cases, years=years, seed=seed)
    typer.echo(
        f"已生成合成数据：{made['cases']} 件案件、{made['officers']} 名合成办案人员、"
        f"{made['officer_days']} 个人员工作日，分布在 {made['agencies']} 个机构"
        "（标记为合成，统计时加 --synthetic）"
    )

"""`zhifa oversight …`: consistency analytics, the supervision view, exports and the facts rebuild,
as an operator over all agencies (or one subtree with --agency)."""

from __future__ import annotations

from typing import Any

import typer

from zhifa.cli.common import print_json

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

AGENCY = typer.Option(None, "--agency", help="只看该机构及下级（机构代码）")
START = typer.Option(None, "--from", help="期间起始日（含，YYYY-MM-DD；按决定或事件日期）")
END = typer.Option(None, "--to", help="期间截止日（含，YYYY-MM-DD）")
JSON = typer.Option(False, "--json", help="输出 JSON")


def _period(start: str | None, end: str | None) -> dict[str, Any]:
    from zhifa.cli.cases import parse_day

    return {"start": parse_day(start), "end": parse_day(end)}


@app.command(
    "consistency",
    help="类案同罚：各违法类型与裁量档次的罚款在法定幅度中的位置、离散程度、异常案件、偏离建议与签批变更",
)
def consistency(
    agency: str | None = AGENCY,
    start: str | None = START,
    end: str | None = END,
    violation_type: str | None = typer.Option(None, "--type", help="只看一个违法类型（目录编号）"),
    as_json: bool = JSON,
) -> None:
    """Print the consistency report."""
    from zhifa.cli.common import ready_uow
    from zhifa.oversight.facts import KIND_LABELS
    from zhifa.oversight.service import consistency_report

    r = consistency_report(
        ready_uow(), None, agency=agency, violation_type=violation_type, **_period(start, end)
    )
    if as_json:
        print_json(r)
        return
    c = r["coverage"]
    typer.echo(
        f"{r['filter']['scope_name']}：处罚决定 {c['decided_penalties']} 件，其中有法定幅度位置的 "
        f"{c['with_position']} 件（简易程序 {c['summary_procedure']}，"
        f"无裁量建议记录 {c['without_suggestion']}）"
    )
    for g in r["groups"]:
        s = g["spread"]
        spread = (
            f"四分位距 {g['disparity']:.3f}"
            if g["disparity"] is not None
            else f"不足 {r['method']['min_group']} 件"
        )
        typer.echo(
            f"{g['violation_name'] or g['violation_type']}（{g['tier']}）  {s['n']} 件  "
            f"中位 {s['median']:.3f}  {spread}  异常 {g['outlier_count']} 件"
        )
    for o in r["outliers"]:
        typer.echo(
            f"  异常{o['direction']}：{o['case_title']}  罚款 {o['fine']} 元（幅度 {o['statutory_low']}–"
            f"{o['statutory_high']}，位置 {o['position']:.3f}，"
            f"同类中位 {o['group_median']:.3f}）  [{o['case_id']}]"
        )
    counts = r["overrides"]["counts"]
    typer.echo("偏离建议与签批变更：" + "，".join(f"{KIND_LABELS[k]} {v} 件" for k, v in counts.items()))


@app.command("rebuild", help="按账本重建监督事实表（类案位置与监督事件）")
def rebuild() -> None:
    """Rebuild the oversight facts from the ledger, with a progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from zhifa.cli.common import ready_uow
    from zhifa.oversight.service import case_count, rebuild_facts

    total = case_count(ready_uow())
    with Progress(TextColumn("重建监督事实"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as bar:
        task = bar.add_task("rebuild", total=total)
        counts = rebuild_facts(ready_uow(), progress=lambda n: bar.advance(task, n))
    typer.echo(
        f"已重建：{counts['cases']} 件案件，处罚位置 {counts['penalty_facts']} 条，"
        f"监督事件 {counts['event_facts']} 条"
    )


@app.command(
    "supervision",
    help="纪检监督：超期与停滞案件、不予立案/终止/不予处罚及理由、签批降低处罚、重复的承办人–当事人、更正、账本检查点",
)
def supervision(
    agency: str | None = AGENCY,
    start: str | None = START,
    end: str | None = END,
    stall_days: int = typer.Option(10, "--stall-days", help="多少个工作日没有任何账本事件算停滞"),
    pair_minimum: int = typer.Option(2, "--pairs", help="同一承办人与同一当事人至少几件案件才列出"),
    on: str | None = typer.Option(None, "--on", help="按哪一天计算（默认今天，YYYY-MM-DD）"),
    as_json: bool = JSON,
) -> None:
    """Print the supervision view."""
    from zhifa.cli.cases import parse_day
    from zhifa.cli.common import ready_uow
    from zhifa.oversight.service import ledger_report, supervision_report
    from zhifa.services.cases import china_today

    today = parse_day(on) or china_today()
    r = supervision_report(
        ready_uow(), None, today, agency=agency, stall_days=stall_days, pair_minimum=pair_minimum,
        **_period(start, end),
    )  # fmt: skip
    r["ledger"] = ledger_report(ready_uow(), None)
    if as_json:
        print_json(r)
        return
    typer.echo(f"{r['filter']['scope_name']}（{today.isoformat()}）")
    typer.echo(
        f"超期期限 {r['overdue']['total']} 项；"
        f"{stall_days} 个工作日无进展的在办案件 {r['stalled']['total']} 件"
    )
    typer.echo(
        "不予立案、终止、不予处罚：" + "，".join(f"{k} {v} 件" for k, v in r["closures"]["counts"].items())
    )
    for i in r["lowered"]:
        typer.echo(
            f"  签批降低：{i['case_title']}  {i['before']} → {i['after']}  {i['actor']}：{i['reason']}"
        )
    for p in r["pairs"]["items"]:
        typer.echo(f"  重复：{p['officer']} — {p['party_name']}（{p['party_code']}） {p['cases']} 件")
    for c in r["corrections"]["by_actor"]:
        typer.echo(f"  更正：{c['actor']} {c['corrections']} 次")
    typer.echo(f"账本：{r['ledger']['message']}")


@app.command("export", help="导出 Excel：类案同罚分析（consistency）或纪检监督（supervision）的全部表格")
def export(
    what: str = typer.Argument("consistency", help="consistency 或 supervision"),
    output: str = typer.Option(..., "-o", "--output", help="输出的 .xlsx 文件"),
    agency: str | None = AGENCY,
    start: str | None = START,
    end: str | None = END,
) -> None:
    """Write one report's tables to an .xlsx file."""
    from pathlib import Path

    from zhifa.cli.common import ready_uow
    from zhifa.errors import ValidationFailed
    from zhifa.oversight.exports import consistency_xlsx, supervision_xlsx
    from zhifa.oversight.service import consistency_report, supervision_report
    from zhifa.services.cases import china_today

    period = _period(start, end)
    if what == "consistency":
        data = consistency_xlsx(consistency_report(ready_uow(), None, agency=agency, **period))
    elif what == "supervision":
        data = supervision_xlsx(supervision_report(ready_uow(), None, china_today(), agency=agency, **period))
    else:
        raise ValidationFailed(f"未知报表“{what}”，可选：consistency、supervision", code="unknown_report")
    Path(output).write_bytes(data)
    typer.echo(f"已导出 {output}（{len(data)} 字节）")

"""`zhifa intake ...`: callbacks to the source systems (and, for demos, a clue simulator)."""

from __future__ import annotations

import typer

from zhifa.cli.common import print_json, ready_uow

app = typer.Typer(no_args_is_help=True)


@app.command(
    "callbacks", help="线索处理结果回调：各来源系统的投递情况；--run 先投递一轮（同 outbox run --once）"
)
def callbacks(
    run: bool = typer.Option(False, "--run", help="先投递一轮当前到期的记录"),
    limit: int = typer.Option(20, "--limit", help="列出最近的回调记录条数"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """Run one delivery pass (optional), then show the callbacks by source and the latest rows."""
    from zhifa.integrations.callbacks import TARGET, callback_counts
    from zhifa.services.outbox_admin import list_rows
    from zhifa.services.outbox_worker import run_once

    engine = ready_uow().engine
    report = run_once(engine).to_dict() if run else None
    counts, rows = callback_counts(engine), list_rows(engine, None, TARGET, limit)
    if as_json:
        print_json({"run": report, "sources": counts, "latest": rows})
        return
    if report is not None:
        typer.echo(
            f"本轮：已投递 {report['delivered']}，待重试 {report['retrying']}，转入死信 {report['dead']}"
        )
    for c in counts:
        typer.echo(
            f"{c['source']}\t{c['callback_url']}\t待发 {c['pending']}  重试 {c['retrying']}  "
            f"已投递 {c['delivered']}  死信 {c['dead']}"
        )
    for r in rows:
        error = f"  {r['last_error']}" if r["last_error"] else ""
        typer.echo(
            f"#{r['id']} {r['status']:<9} {r['event']:<16} {r['case_id']} 尝试{r['attempts']}次{error}"
        )
    if not counts:
        typer.echo("尚无回调记录（来源系统须登记回调地址：zhifa sources add --callback URL）")


@app.command("simulate", help="演示：以来源系统身份向 zhifa 服务推送演示线索（当事人为虚构，内容标注“演示”）")
def simulate(
    source: str = typer.Option(..., "--source", help="来源系统代码（决定线索的领域）"),
    count: int = typer.Option(10, "--count", min=1, max=100_000, help="推送条数"),
    url: str = typer.Option(..., "--url", help="zhifa 服务地址，如 http://127.0.0.1:8000"),
    key: str = typer.Option(..., "--key", help="该来源系统的 API 密钥"),
    seed: int | None = typer.Option(
        None, "--seed", help="随机种子（同一种子生成相同线索，重发得到第一次的答复）"
    ),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出汇总"),
) -> None:
    """Post demo clues to a running server and summarise the answers."""
    from zhifa.integrations.simulate import post_demo_clues

    summary = post_demo_clues(url, key, source, count, seed)
    if as_json:
        print_json(summary)
        return
    typer.echo(f"演示线索：推送 {summary['sent']} 条，答复 {summary['statuses']}")
    typer.echo(f"分级 {summary['grades']}；受理机构 {summary['agencies']}")
    typer.echo(f"耗时 p50 {summary['p50_ms']} ms，p95 {summary['p95_ms']} ms")
    for problem in summary["problems"]:
        typer.echo(f"  {problem}")

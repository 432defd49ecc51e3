"""`zhifa deadlines --due-within N`: running deadlines of open cases, as an operator over all agencies."""

from __future__ import annotations

import typer

from zhifa.cli.common import print_json, ready_uow


def deadlines(
    due_within: int = typer.Option(7, "--due-within", help="列出 N 日内到期的期限（已超期的总会列出）"),
    overdue_only: bool = typer.Option(False, "--overdue", help="只列出已超期的期限"),
    agency: str | None = typer.Option(None, "--agency", help="只看该机构及下级（机构代码）"),
    on: str | None = typer.Option(None, "--on", help="按哪一天计算（默认今天，YYYY-MM-DD）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Print due-soon and overdue deadlines (程序规定 第十八条、第六十四条 …)."""
    from zhifa.cli.cases import parse_day
    from zhifa.services.cases import china_today
    from zhifa.services.deadlines import deadline_list

    today = parse_day(on) or china_today()
    items = deadline_list(
        ready_uow(), None, today, within_days=due_within, overdue_only=overdue_only, agency=agency
    )
    if as_json:
        print_json({"today": today.isoformat(), "count": len(items), "items": items})
        return
    for i in items:
        if i["due"] is None:
            state = f"无法计算：{i['warning']}"
        elif i["overdue"]:
            state = f"已超期{-i['days_left']}日"
        else:
            state = f"剩余{i['days_left']}日" + ("（期限暂停计算）" if i["paused"] else "")
        typer.echo(
            f"{i['due'] or '—'}  {state:<10}  {i['name']}（{i['basis']}）  {i['title']}  [{i['case_id']}]"
        )
    typer.echo(f"共 {len(items)} 项（{today.isoformat()} 起 {due_within} 日内到期或已超期）")

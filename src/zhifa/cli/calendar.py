"""`zhifa calendar ...`: working days (程序规定 §80; 行政处罚法 §85) and the holiday table."""

from __future__ import annotations

from datetime import date

import typer

from zhifa.cli.common import print_json, ready_uow
from zhifa.errors import ValidationFailed

app = typer.Typer(no_args_is_help=True)


def parse_date(text: str, field: str = "日期") -> date:
    """Parse YYYY-MM-DD with a Chinese error naming the field."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationFailed(f"{field}“{text}”格式不正确，应为 YYYY-MM-DD", code="bad_date") from exc


@app.command("add-working-days", help="从 DATE 起算 N 个工作日后的日期（起算日不计入，程序规定第八十条）")
def add_working_days(
    day: str = typer.Argument(..., metavar="DATE", help="起算日期 YYYY-MM-DD"),
    n: int = typer.Argument(..., metavar="N", help="工作日数（非负整数）"),
) -> None:
    """Print DATE + N working days."""
    from zhifa.services.calendar import load_calendar

    start = parse_date(day)
    if n < 0:
        raise ValidationFailed("工作日数不能为负数", code="bad_working_days")
    with ready_uow() as uow:
        calendar = load_calendar(uow)
    typer.echo(calendar.add_working_days(start, n).isoformat())


@app.command("is-working-day", help="判断 DATE 是否为工作日，输出“是”或“否”")
def is_working_day(day: str = typer.Argument(..., metavar="DATE", help="日期 YYYY-MM-DD")) -> None:
    """Print 是 or 否."""
    from zhifa.services.calendar import load_calendar

    target = parse_date(day)
    with ready_uow() as uow:
        calendar = load_calendar(uow)
    typer.echo("是" if calendar.is_working_day(target) else "否")


@app.command("set", help="在节假日表中把 DATE 设为工作日（--working）或节假日（--holiday）")
def set_day(
    day: str = typer.Argument(..., metavar="DATE"),
    working: bool = typer.Option(..., "--working/--holiday", help="工作日或节假日"),
    note: str = typer.Option("", "--note", help="备注，如“2027年春节调休”"),
) -> None:
    """Write one override."""
    from zhifa.services.calendar import set_override

    target = parse_date(day)
    with ready_uow() as uow:
        set_override(uow, None, target, working, note)
        uow.commit()
    typer.echo(f"已将 {target.isoformat()} 设为{'工作日' if working else '节假日'}")


@app.command("list", help="列出节假日表中的维护记录")
def list_days(
    year: int | None = typer.Option(None, "--year", help="只看某一年"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """List overrides."""
    from zhifa.services.calendar import list_overrides

    with ready_uow() as uow:
        rows = [
            {"date": r.day.isoformat(), "is_working_day": r.is_working_day, "note": r.note}
            for r in list_overrides(uow, year)
        ]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['date']}  {'工作日' if r['is_working_day'] else '节假日'}  {r['note']}")
    typer.echo(f"共 {len(rows)} 条")


@app.command("complete-year", help="确认某年的节假日表已完整录入（系统内置放假安排不含该年时）")
def complete_year(
    year: int = typer.Argument(..., help="年份"),
    note: str = typer.Option("", "--note", help="依据，如“国务院办公厅关于2027年部分节假日安排的通知”"),
    undo: bool = typer.Option(False, "--undo", help="撤销确认（该年重新视为未录入）"),
) -> None:
    """Mark (or unmark) a year's holiday table complete."""
    from zhifa.services.calendar_years import mark_year_complete, unmark_year

    with ready_uow() as uow:
        if undo:
            removed = unmark_year(uow, None, year)
        else:
            mark_year_complete(uow, None, year, note)
        uow.commit()
    if undo:
        typer.echo(f"已撤销{year}年节假日表的完整确认" if removed else f"{year}年未曾确认")
    else:
        typer.echo(f"已确认{year}年节假日表完整，该年的期限将按节假日表计算")

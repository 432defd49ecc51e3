"""`zhifa cases ...`: list, show, register and act on cases as a named user (whose key signs)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer

from zhifa.cli.common import print_json, ready_uow
from zhifa.errors import ValidationFailed

app = typer.Typer(no_args_is_help=True)

AS_HELP = "以哪位用户的身份办理（用户名）；签名使用该用户的密钥"


def actor_named(username: str) -> Any:
    """The Actor of a user given on the command line."""
    from zhifa.identity.scope import actor_from_user, missing
    from zhifa.identity.users import find_user

    with ready_uow() as uow:
        user = find_user(uow.session, username)
        if user is None or not user.active:
            raise missing("用户", "user_not_found")
        return actor_from_user(user)


def read_data(text: str | None) -> dict[str, Any]:
    """JSON from `--data '{...}'` or `--data @file.json`."""
    if not text:
        return {}
    raw = Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"--data 不是有效的 JSON：{exc.msg}（第{exc.lineno}行）", code="bad_json"
        ) from None
    if not isinstance(value, dict):
        raise ValidationFailed("--data 须为 JSON 对象", code="bad_json")
    return value


def parse_day(text: str | None) -> date | None:
    """Optional YYYY-MM-DD."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"日期“{text}”格式不正确，应为 YYYY-MM-DD", code="bad_date") from None


def _echo_view(view: Any, as_json: bool) -> None:
    if as_json:
        print_json(view.to_dict())
        return
    case = view.summary
    typer.echo(f"案件 {case['id']}：{case['title']}")
    typer.echo(f"阶段：{case['stage_label']}")
    for item in view.appended:
        typer.echo(f"  已记录 #{item['seq']} {item['label']}{'（已签名）' if item['signed'] else ''}")
    if view.docno:
        typer.echo(f"  文号：{view.docno}")


@app.command("list", help="案件列表（该用户可见范围内）")
def list_(
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    stage: str | None = typer.Option(None, "--stage", help="阶段，如 investigation"),
    agency: str | None = typer.Option(None, "--agency", help="机构代码（含下级）"),
    page: int = typer.Option(1, "--page"),
    per_page: int = typer.Option(50, "--per-page"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """List cases."""
    from zhifa.services.case_views import list_cases

    result = list_cases(
        ready_uow(), actor_named(as_user), stage=stage, agency=agency, page=page, per_page=per_page
    )
    if as_json:
        print_json(result)
        return
    for c in result["items"]:
        typer.echo(f"{c['id']}  {c['stage_label']:<8}  {c['title']}")
    typer.echo(f"共 {result['total']} 件")


@app.command("show", help="案件详情：状态、期限、证据、账本时间线")
def show(
    case_id: str = typer.Argument(..., metavar="CASE"),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    on: str | None = typer.Option(None, "--on", help="按哪一天计算期限（默认今天）"),
) -> None:
    """Print the case detail as JSON."""
    from zhifa.services.case_detail import case_detail
    from zhifa.services.cases import china_today

    print_json(case_detail(ready_uow(), actor_named(as_user), case_id, parse_day(on) or china_today()))


@app.command("timeline", help="案件账本时间线（逐条校验哈希链与签名）")
def timeline(
    case_id: str = typer.Argument(..., metavar="CASE"),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Print the timeline."""
    from zhifa.services.case_detail import case_timeline

    result = case_timeline(ready_uow(), actor_named(as_user), case_id)
    if as_json:
        print_json(result)
        return
    for t in result["timeline"]:
        mark = "签名" if t["signed"] else "    "
        ok = "✓" if t["verified"] else "✗"
        typer.echo(f"#{t['seq']:<3} {t['on']}  {ok} {mark}  {t['label']}（{t['by_name']}）")
    report = result["ledger"]
    typer.echo("账本校验通过" if report["verified"] else f"账本校验失败：{report['problem']}")


@app.command("register", help="登记案件线索；--summary-penalty 则为当场处罚（简易程序）")
def register(
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    data: str = typer.Option(..., "--data", help="JSON 或 @文件"),
    summary_penalty: bool = typer.Option(False, "--summary-penalty", help="当场行政处罚（简易程序）"),
    on: str | None = typer.Option(None, "--on", help="办理日期（默认今天）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Create a case."""
    from zhifa.services.cases import issue_summary_penalty, register_clue

    run = issue_summary_penalty if summary_penalty else register_clue
    _echo_view(run(ready_uow(), actor_named(as_user), read_data(data), parse_day(on)), as_json)


@app.command(
    "do", help="办理一个操作：file、report、review、approve、notice、serve、decide、pay、close、archive……"
)
def do(
    case_id: str = typer.Argument(..., metavar="CASE"),
    action: str = typer.Argument(..., metavar="ACTION"),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    data: str | None = typer.Option(None, "--data", help="JSON 或 @文件"),
    on: str | None = typer.Option(None, "--on", help="办理日期（默认今天）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Run one action on a case."""
    from zhifa.services.cases import run_action

    view = run_action(ready_uow(), actor_named(as_user), case_id, action, read_data(data), parse_day(on))
    _echo_view(view, as_json)


@app.command("actions", help="列出全部案件操作及其 JSON 字段")
def actions() -> None:
    """Print the action slugs with their fields."""
    from zhifa.services.case_actions import ACTIONS

    for spec in ACTIONS.values():
        fields = ", ".join(spec.model.model_fields)
        typer.echo(f"{spec.slug:<22} {spec.label}  [{fields}]")

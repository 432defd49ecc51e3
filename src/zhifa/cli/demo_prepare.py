"""`zhifa demo prepare`: one step from a fresh clone to a demo site, with or without the data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from zhifa.cli.common import write_report
from zhifa.config import Settings, get_settings
from zhifa.demo.accounts import DemoLoaded
from zhifa.errors import ZhifaError

EMPTY_HINT = (
    "填充方法：运行 zhifa data fetch（可访问公开数据源时），或设置 ZHIFA_DATA_SOURCE=<本地数据目录> 后再运行"
)


def prepare(
    fetch: bool = typer.Option(True, "--fetch/--no-fetch", help="先尝试 zhifa data fetch（失败不中止）"),
) -> None:
    """Fetch the data if possible, load the demo, import laws and precedents and train the assistant."""
    from zhifa.assistant.pipeline import model_path
    from zhifa.cli.common import ready_uow
    from zhifa.demo.accounts import load_demo

    settings = get_settings()
    data_dir = settings.data_dir.expanduser().resolve()
    reports = settings.var_dir / "reports"
    if fetch:
        _try_fetch(settings, data_dir)
    loaded = load_demo(ready_uow)
    created = sum(1 for _, _, status in loaded.cases if status == "新建")
    typer.echo(
        f"演示数据：机构新建 {loaded.agencies_created} 个；账号 {len(loaded.accounts)} 个；"
        f"演示案件 {len(loaded.cases)} 件（本次新建 {created} 件）"
    )
    laws, decisions = data_dir / "laws", data_dir / "decisions"
    if laws.is_dir():
        _import_laws(settings, laws, reports / "law-import.txt")
    else:
        typer.echo(f"法律库：数据目录 {data_dir} 中没有法律文本，法律库为空。{EMPTY_HINT}")
    if decisions.is_dir():
        changed = _import_precedents(settings, decisions, reports / "precedents-import.txt")
        if changed or not model_path(settings.var_dir).exists():
            _train(settings)
        else:
            typer.echo("智能助手：判例未变化，沿用已训练的模型（重新训练：zhifa assist train）")
    else:
        typer.echo(f"判例库与智能助手：数据目录中没有处罚文书，判例库为空、助手未训练。{EMPTY_HINT}")
    print_accounts(loaded)


def _try_fetch(settings: Settings, data_dir: Path) -> None:
    from zhifa.datafetch import fetch

    try:
        report = fetch(settings)
    except ZhifaError as exc:
        typer.echo(f"数据目录：未能填充 [{exc.code}] {exc.message}")
        if (data_dir / "laws").is_dir():
            typer.echo("继续准备演示站点，沿用数据目录中已有的数据。")
        else:
            typer.echo("继续准备演示站点（办案功能可用；法律库、判例库与智能助手为空）。")
        return
    typer.echo(report.summary().splitlines()[0])


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)  # the bars go to stderr, and vanish: stdout keeps the summaries only
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _import_laws(settings: Settings, laws: Path, report_path: Path) -> None:
    from zhifa.cli.common import engine_from_settings
    from zhifa.law.service import run_import

    with _progress("导入法律文本") as tick:
        report = run_import(engine_from_settings(), settings, laws, lambda _stage, d, t: tick(d, t))
    lines = [report.summary(), ""]
    lines += [f"失败：{i.path}:{i.line}：{i.message}" for i in report.failed]
    lines += [f"警告：{i.path}:{i.line}：{i.message}" for i in report.warnings]
    write_report(report_path, lines)
    typer.echo(f"法律库：{report.summary()}（明细见 {report_path}）")


def _import_precedents(settings: Settings, decisions: Path, report_path: Path) -> bool:
    """Import the decisions, report to a file; True when a precedent was added or updated."""
    from zhifa.cli.common import engine_from_settings
    from zhifa.cli.precedents import library_of
    from zhifa.precedents.search_index import open_precedent_index
    from zhifa.precedents.service import import_folder

    engine = engine_from_settings()
    with _progress("导入判例") as tick:
        summary = import_folder(
            engine,
            decisions,
            cache_dir=settings.var_dir / "cache" / "precedents",
            library=library_of(engine),  # type: ignore[arg-type]
            index=open_precedent_index(settings),
            progress=tick,
        )
    total = summary.files
    head = (
        f"文书 {total} 份：新增 {summary.added}，更新 {summary.updated}，未变化 {summary.unchanged}；"
        f"完整解析 {summary.complete}，部分解析 {len(summary.partial)}，无法读取 {len(summary.failed)}"
    )
    lines = [head, ""]
    lines += [f"无法读取  {d}  [{c}] {m}" for d, c, m in summary.failed]
    lines += [f"部分解析  {d}  {n}  {'；'.join(p)}" for d, n, p in summary.partial]
    write_report(report_path, lines)
    typer.echo(f"判例库：{head}（明细见 {report_path}）")
    return summary.added + summary.updated > 0


def _train(settings: Settings) -> None:
    from zhifa.assistant.pipeline_service import train_and_save
    from zhifa.cli.common import engine_from_settings

    try:
        with _progress("训练智能助手") as _tick:
            summary = train_and_save(settings, engine_from_settings())
    except ZhifaError as exc:
        typer.echo(f"智能助手：未训练（{exc.message}）")
        return
    typer.echo(f"智能助手：已训练（文书 {summary['decisions']} 份，违法类型 {summary['types']} 个）")


def print_accounts(loaded: DemoLoaded) -> None:
    """The demo accounts as a table, with the password warning."""
    typer.echo("演示账号：")
    typer.echo("用户名\t姓名（角色）\t机构\t密码\t状态")
    for row in loaded.accounts:
        typer.echo("\t".join(row))
    typer.echo("以上为演示用固定密码，仅供演示环境使用。")


def print_cases(loaded: DemoLoaded) -> None:
    """The demo cases with their stage."""
    from zhifa.domain.stages import Stage

    created = sum(1 for _, _, status in loaded.cases if status == "新建")
    typer.echo(f"演示案件：新建 {created} 件，已有 {len(loaded.cases) - created} 件")
    for key, stage, status in loaded.cases:
        typer.echo(f"  {key}\t{Stage(stage).label}\t{status}")

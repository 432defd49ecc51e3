"""`zhifa law ...`: import, search, cite, show."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from zhifa.cli.common import engine_from_settings, print_json
from zhifa.config import get_settings
from zhifa.errors import ValidationFailed

app = typer.Typer(no_args_is_help=True)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationFailed(f"日期格式应为 YYYY-MM-DD：{value}", code="bad_date") from exc


@app.command("import", help="导入法律文本（默认 <数据目录>/laws），生成条文与检索索引；未变化的文件跳过")
def import_cmd(path: Path | None = typer.Argument(None, help="法律文本目录或文件")) -> None:
    """Import law files with a progress bar and a summary."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from zhifa.law.service import run_import

    settings = get_settings()
    engine = engine_from_settings()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    ) as bar:
        tasks: dict[str, int] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        report = run_import(engine, settings, path, tick)
    for issue in report.failed:
        typer.echo(f"失败：{issue.path}:{issue.line}：{issue.message}", err=True)
    if report.warnings:
        typer.echo(f"警告 {len(report.warnings)} 条（条文或项号不连续等，已导入），例如：", err=True)
        for issue in report.warnings[:5]:
            typer.echo(f"  {issue.path}:{issue.line}：{issue.message}", err=True)
    typer.echo(report.summary())


@app.command("search", help="全文检索条文（默认检索各法律的现行版本）")
def search_cmd(
    query: str = typer.Argument(..., help="检索词，如：没收违法所得 货值金额"),
    law: str | None = typer.Option(None, "--law", help="限定法律（全称、简称或别名）"),
    level: str | None = typer.Option(
        None, "--level", help="效力级别：法律/行政法规/部门规章/司法解释/地方性法规"
    ),
    in_force: bool = typer.Option(False, "--in-force", help="只检索现行有效的"),
    as_of: str | None = typer.Option(None, "--as-of", help="检索该日期（YYYY-MM-DD）有效的版本"),
    limit: int = typer.Option(10, "--limit", min=1, max=100),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Search articles."""
    from zhifa.law.search import LawFilters
    from zhifa.law.service import search

    flt = LawFilters(law=law, level=level, in_force=in_force or None, as_of=_day(as_of))
    hits = search(engine_from_settings(), get_settings(), query, flt, limit)
    if as_json:
        print_json(hits)
        return
    if not hits:
        typer.echo("没有找到匹配的条文")
    for n, h in enumerate(hits, 1):
        typer.echo(f"{n}. 《{h['law']}》{h['label']}（{h['status']}，{h['score']:.2f}）\n   {h['snippet']}")


@app.command("cite", help="识别并解析文本中的法条引用，如《价格法》第十三条第一款")
def cite_cmd(
    text: str = typer.Argument(..., help="含引用的文本"),
    law: str | None = typer.Option(None, "--law", help="上下文法律（用于“本法”与未写法名的引用）"),
    as_of: str | None = typer.Option(None, "--as-of", help="按该日期有效的版本解析"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Resolve citations in text."""
    from zhifa.law.service import cite_text, library

    results = cite_text(library(engine_from_settings()), text, context_law=law, as_of=_day(as_of))
    if as_json:
        print_json(results)
        return
    if not results:
        typer.echo("未识别到法条引用")
    for r in results:
        if "resolved" in r:
            typer.echo(f"{r['raw']} → {r['resolved']['label']}\n   {r['resolved']['text']}")
        else:
            typer.echo(
                f"{r['raw']} → 未找到（{r['status']}）：{r['message']}；候选：{'、'.join(r['candidates'])}"
            )


@app.command("show", help="显示某部法律的某一条（可按日期选择版本）")
def show_cmd(
    law: str = typer.Argument(..., help="法律全称、简称或别名"),
    article: str = typer.Argument(..., help="条号：13、十三 或 第十三条"),
    as_of: str | None = typer.Option(None, "--as-of", help="该日期有效的版本"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Print one article."""
    from zhifa.law.cite import find_citations
    from zhifa.law.numbers import parse_num
    from zhifa.law.service import library, show_article

    lib = library(engine_from_settings())
    raw = article.strip()
    refs = find_citations(raw if raw.startswith("第") else f"第{raw}条", context_law=law)
    number, suffix = (refs[0].article, refs[0].suffix) if refs else (parse_num(raw), 0)
    found = show_article(lib, law, number, suffix=suffix, as_of=_day(as_of))
    if as_json:
        print_json(found)
        return
    typer.echo(f"{found['label']}（{found['version_date']} 版）\n{found['text']}")

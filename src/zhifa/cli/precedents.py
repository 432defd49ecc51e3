"""`zhifa precedents ...`: import decisions into the precedent library, search, show, similar cases."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from zhifa.cli.common import engine_from_settings, print_json, write_report
from zhifa.config import get_settings

app = typer.Typer(no_args_is_help=True)


def library_of(engine: object) -> object | None:
    """The imported law library (None when it is empty), to resolve cited article versions."""
    try:
        from zhifa.law.library import LawLibrary

        lib = LawLibrary.cached(engine)  # type: ignore[arg-type]
        return lib if lib.laws else None
    except Exception:  # law tables empty or missing: provisions stay as parsed
        return None


@app.command("import", help="导入处罚决定书（PDF、DOCX、纯文本；目录或单个文件），按文件哈希跳过未变化的文件")
def import_cmd(
    path: Path = typer.Argument(..., help="文书目录（可含 index.jsonl）或文件"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果"),
    force: bool = typer.Option(
        False, "--force", help="重新解析未变化的文件（例如导入法律库之后解析条文版本）"
    ),
) -> None:
    """Import with a progress bar; print parsed fully / partially / failed with the reasons."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from zhifa.precedents.search_index import open_precedent_index
    from zhifa.precedents.service import import_folder

    settings = get_settings()
    engine = engine_from_settings()
    with Progress(
        TextColumn("导入判例"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), disable=as_json
    ) as bar:
        task = bar.add_task("import", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = import_folder(
            engine,
            path,
            cache_dir=settings.var_dir / "cache" / "precedents",
            library=library_of(engine),  # type: ignore[arg-type]
            index=open_precedent_index(settings),
            progress=tick,
            force=force,
        )
    if as_json:
        print_json(summary.as_json())
        return
    total = summary.files
    parsed = summary.complete + len(summary.partial)
    typer.echo(
        f"文件 {total} 份（index.jsonl 重复行 {summary.duplicate_rows}）：新增 {summary.added}，"
        f"更新 {summary.updated}，未变化 {summary.unchanged}"
    )
    typer.echo(
        f"完整解析 {summary.complete}/{total}（{100 * summary.complete / max(total, 1):.1f}%）；"
        f"部分解析 {len(summary.partial)}；无法读取 {len(summary.failed)}；已读取正文 {parsed}"
    )
    details = [f"无法读取  {d}  [{c}] {m}" for d, c, m in summary.failed]
    details += [f"部分解析  {d}  {n}  {'；'.join(p)}" for d, n, p in summary.partial]
    if details:
        report_path = settings.var_dir / "reports" / "precedents-import.txt"
        write_report(report_path, details)
        for line in details[:5]:
            typer.echo(f"  {line}")
        more = f"另有 {len(details) - 5} 条，" if len(details) > 5 else ""
        typer.echo(f"{more}明细见 {report_path}")


@app.command("show", help="查看一个判例（当事人为自然人时姓名已脱敏）")
def show_cmd(docid: str = typer.Argument(..., help="文书 ID")) -> None:
    """Print one precedent as JSON."""
    from zhifa.precedents.service import get_precedent

    print_json(get_precedent(engine_from_settings(), docid))


@app.command("search", help="全文检索判例的事实与理由")
def search_cmd(
    query: str = typer.Argument(..., help="检索词"),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=100),
) -> None:
    """Full-text search over the precedent index."""
    from zhifa.precedents.search_index import open_precedent_index, search_text

    hits = search_text(open_precedent_index(get_settings()), query, (), limit)
    print_json(
        [{"docid": h.id, "score": round(h.score, 3), "snippet": h.snippet, **dict(h.fields)} for h in hits]
    )


@app.command("similar", help="按案情事实找相似判例（文件或 - 表示标准输入）")
def similar_cmd(
    source: str = typer.Argument("-", help="事实文本文件，或 - 读标准输入"),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=50),
) -> None:
    """Vector similarity over the stored facts."""
    from zhifa.precedents.search_index import check_query, similarity_index

    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    hits = similarity_index(engine_from_settings()).similar(check_query(text), limit)
    print_json([{"docid": h.docid, "similarity": h.similarity} for h in hits])

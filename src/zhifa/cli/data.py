"""`zhifa data ...`: fill and inspect the data directory (law texts, penalty decisions)."""

from __future__ import annotations

from pathlib import Path

import typer

from zhifa.cli.common import print_json
from zhifa.config import get_settings

app = typer.Typer(no_args_is_help=True)


@app.command(
    "fetch", help="填充数据目录：已有数据则直接使用；否则从 ../shared/data 链接；再否则下载公开数据源"
)
def fetch_command(
    source: Path | None = typer.Option(None, "--source", help="从这个本地目录填充（默认 ../shared/data）"),
    mirror: str | None = typer.Option(
        None, "--mirror", help="从这个镜像根地址下载（隐含 --download；默认 ZHIFA_DATA_MIRROR）"
    ),
    download: bool = typer.Option(False, "--download", help="不使用本地数据目录，直接下载公开数据源"),
    with_decisions: bool = typer.Option(
        True, "--with-decisions/--without-decisions", help="下载时是否同时下载处罚文书（默认下载）"
    ),
    force: bool = typer.Option(False, "--force", help="即使已是最新也重新填充"),
    quiet: bool = typer.Option(False, "--quiet", help="不显示进度条"),
) -> None:
    """Fill the data directory (see docs/decisions/0004-data-fetch.md)."""
    from zhifa.datafetch import FetchReport, fetch
    from zhifa.datafetch.progress import QuietReporter, Reporter, rich_reporter

    def run(reporter: Reporter) -> FetchReport:
        return fetch(
            get_settings(),
            source=source,
            mirror=mirror,
            with_decisions=with_decisions,
            force=force,
            download=download or mirror is not None,
            reporter=reporter,
        )

    if quiet:
        report = run(QuietReporter())
    else:
        with rich_reporter() as bars:
            report = run(bars)
    typer.echo(report.summary())


@app.command("status", help="数据目录现状：文件数量、来源、与清单是否一致")
def status_command(
    verify: bool = typer.Option(False, "--verify", help="逐个文件重新计算 SHA-256 并与清单核对"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Describe the data directory; exit 1 when it is missing or differs from its manifest."""
    from zhifa.datafetch import status

    report = status(get_settings(), verify=verify)
    if as_json:
        print_json(report.to_dict())
    else:
        for line in report.lines():
            typer.echo(line)
    if not report.exists or report.problems:
        raise typer.Exit(1)

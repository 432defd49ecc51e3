"""`zhifa ledger verify [--stream ID] [--json]`: re-check every hash chain and signature offline."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from zhifa.cli.common import engine_from_settings, print_json
from zhifa.errors import NotFound, ZhifaError
from zhifa.ledger.signing import SignatureChecker
from zhifa.ledger.verify import LedgerReport, verify_all

app = typer.Typer(no_args_is_help=True)


def _summary(report: LedgerReport) -> str:
    head = f"{len(report.streams)} 个账本流，{report.records} 条记录，{report.signatures} 个签名"
    if report.ok:
        return f"校验通过：{head}，哈希链与签名全部完好。"
    return f"校验失败：{head}；{len(report.problems)} 个账本流有问题。"


@app.command("verify", help="校验账本：逐条重算 SM3 哈希链，核对服务器封印与 SM2 签名，指出第一条问题记录")
def verify(
    stream: Annotated[str | None, typer.Option("--stream", help="只校验这一个账本流（案件编号）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=100, help="每批读取的记录数")] = 5000,
) -> None:
    """Verify one stream or all streams; exit 1 naming the first bad record."""
    from zhifa.domain.events import signed_event_types
    from zhifa.store.ledger_repo import SqlKeyStore, SqlLedgerStore, settings_sealer
    from zhifa.store.uow import UnitOfWork

    engine = engine_from_settings()
    try:
        with UnitOfWork(engine, read_only=True) as uow:
            store = SqlLedgerStore(uow.session)
            total = store.count(stream)
            if stream is not None and total == 0 and stream not in store.heads():
                raise NotFound(f"账本流 {stream} 不存在或没有记录", code="stream_not_found")
            checker = SignatureChecker(SqlKeyStore(uow.session))
            sealer = settings_sealer()
            signed = signed_event_types()
            heads = {k: h for k, h in store.heads().items() if stream is None or k == stream}
            records = store.iter_records(batch_size, stream_id=stream)
            if as_json or total < batch_size:
                report = verify_all(records, checker, signed, sealer=sealer, heads=heads)
            else:
                columns = (TextColumn("校验账本"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
                with Progress(*columns, transient=True) as progress:
                    task = progress.add_task("verify", total=total)
                    done = 0

                    def tick(_record: object) -> None:
                        nonlocal done
                        done += 1
                        if done % 1000 == 0:
                            progress.update(task, completed=done)

                    report = verify_all(records, checker, signed, on_record=tick, sealer=sealer, heads=heads)
    finally:
        engine.dispose()
    if as_json:
        print_json(
            {
                "ok": report.ok,
                "streams": len(report.streams),
                "records": report.records,
                "signatures": report.signatures,
                "problems": [
                    {"stream_id": p.stream_id, "seq": p.seq, "code": p.code, "message": p.message}
                    for p in report.problems
                ],
            }
        )
    else:
        typer.echo(_summary(report))
        for problem in report.problems[:20]:
            typer.echo(f"  ✗ {problem.describe()}（{problem.code}）")
        if len(report.problems) > 20:
            typer.echo(f"  …… 另有 {len(report.problems) - 20} 个账本流有问题（用 --json 查看全部）")
    if not report.ok:  # ZhifaError → "错误[ledger_verify_failed]：…" on stderr and exit code 1
        first = report.problems[0]
        raise ZhifaError(f"账本校验未通过，第一条问题记录：{first.describe()}", code="ledger_verify_failed")

"""`zhifa ledger verify [--stream ID] [--json] [--against FILE]` and `zhifa ledger checkpoint [-o FILE]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from zhifa.cli.common import engine_from_settings, print_json
from zhifa.errors import ValidationFailed, ZhifaError
from zhifa.ledger.verify import LedgerReport
from zhifa.timefmt import SECONDS, show_time

app = typer.Typer(no_args_is_help=True)


def _summary(report: LedgerReport) -> str:
    head = f"{len(report.streams)} 个账本流，{report.records} 条记录，{report.signatures} 个签名"
    if report.ok:
        return f"校验通过：{head}，哈希链、签名、案件表与最近检查点全部一致。"
    return f"校验失败：{head}；发现 {len(report.problems)} 个问题。"


def _report_json(report: LedgerReport) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "streams": len(report.streams),
        "records": report.records,
        "signatures": report.signatures,
        "problems": [
            {"stream_id": p.stream_id, "seq": p.seq, "code": p.code, "message": p.message}
            | ({"field": p.column} if p.column else {})
            for p in report.problems
        ],
    }


def _full_verify(stream: str | None, as_json: bool, batch_size: int) -> LedgerReport:
    from zhifa.services.ledger_audit import verify_ledger

    engine = engine_from_settings()
    try:
        if as_json:
            return verify_ledger(engine, stream, batch_size=batch_size)
        columns = (TextColumn("校验账本"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=True) as progress:
            task = progress.add_task("verify", total=None)
            done = 0

            def tick(_record: object) -> None:
                nonlocal done
                done += 1
                if done % 1000 == 0:
                    progress.update(task, completed=done)

            return verify_ledger(engine, stream, on_record=tick, batch_size=batch_size)
    finally:
        engine.dispose()


def verify_against_file(path: Path, as_json: bool = False) -> None:
    """Check a checkpoint file and that the ledger extends it; raise ZhifaError naming the first stream."""
    from zhifa.services.ledger_audit import check_against

    try:
        text = path.read_bytes()
    except OSError as exc:
        raise ValidationFailed(
            f"无法读取检查点文件 {path}：{exc.strerror}", code="checkpoint_unreadable"
        ) from exc
    engine = engine_from_settings()
    try:
        result = check_against(engine, text)
    finally:
        engine.dispose()
    cp, problem = result.checkpoint, result.problem
    if as_json:
        print_json(
            {
                "ok": problem is None and result.known_key, "created_at": cp.created_at, "root": cp.root,
                "streams": len(cp.streams), "records": cp.record_count, "key_id": cp.key_id,
                "known_key": result.known_key,
                "problem": None if problem is None else
                {"stream_id": problem.stream_id, "code": problem.code, "message": problem.message},
            }
        )  # fmt: skip
    else:
        typer.echo(
            f"检查点 {show_time(cp.created_at, SECONDS)}（北京时间）：{len(cp.streams)} 个账本流，"
            f"{cp.record_count} 条记录，"
            f"根哈希 {cp.root[:16]}…，签名有效（密钥 {cp.key_id[:16]}…）"
        )
    if not result.known_key:
        raise ZhifaError(
            f"检查点的签名密钥 {cp.key_id[:16]}… 不是本系统的检查点密钥（不是本系统签发的检查点）",
            code="checkpoint_unknown_key",
        )
    if problem is not None:
        raise ZhifaError(f"账本不是该检查点的延续：{problem.message}", code=problem.code)
    if not as_json:
        typer.echo("校验通过：当前账本是该检查点的延续（没有账本流缺失、变短或被改写）。")


@app.command("verify", help="校验账本：逐条重算 SM3 哈希链，核对服务器封印、SM2 签名、案件表与检查点")
def verify(
    stream: Annotated[str | None, typer.Option("--stream", help="只校验这一个账本流（案件编号）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=100, help="每批读取的记录数")] = 5000,
    against: Annotated[
        Path | None, typer.Option("--against", help="只证明当前账本是这个已签名检查点文件的延续")
    ] = None,
) -> None:
    """Verify one stream or all streams; exit 1 naming the first bad record."""
    if against is not None:
        verify_against_file(against, as_json)
        return
    report = _full_verify(stream, as_json, batch_size)
    if as_json:
        print_json(_report_json(report))
    else:
        typer.echo(_summary(report))
        for problem in report.problems[:20]:
            typer.echo(f"  ✗ {problem.describe()}（{problem.code}）")
        if len(report.problems) > 20:
            typer.echo(f"  …… 另有 {len(report.problems) - 20} 个问题（用 --json 查看全部）")
    if not report.ok:  # ZhifaError → "错误[ledger_verify_failed]：…" on stderr and exit code 1
        first = report.problems[0]
        raise ZhifaError(f"账本校验未通过，第一个问题：{first.describe()}", code="ledger_verify_failed")


@app.command("checkpoint", help="生成已签名的账本检查点（各账本流长度与末条哈希及其默克尔根），并存档")
def checkpoint(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="检查点写入此文件（默认打印）")
    ] = None,
) -> None:
    """Take, store and print (or write) a signed checkpoint."""
    from zhifa.services.ledger_audit import take_checkpoint

    engine = engine_from_settings()
    try:
        taken = take_checkpoint(engine)
    finally:
        engine.dispose()
    cp = taken.checkpoint
    if output is None:
        typer.echo(cp.to_json())
        return
    output.write_text(cp.to_json(), encoding="utf-8")
    typer.echo(
        f"检查点已生成（第 {taken.id} 号）：{len(cp.streams)} 个账本流，{cp.record_count} 条记录，"
        f"根哈希 {cp.root}，写入 {output}"
    )


@app.command("prove", help="从检查点文件导出某一账本流的默克尔包含证明（只凭根哈希即可核对该账本流的条目）")
def prove(
    stream: Annotated[str, typer.Argument(help="账本流编号")],
    checkpoint_file: Annotated[Path, typer.Option("--checkpoint", help="已签名的检查点文件")],
) -> None:
    """Print the entry of one stream in a checkpoint and its audit path to the root (JSON)."""
    from zhifa.errors import NotFound
    from zhifa.ledger.checkpoint import inclusion_proof, load_checkpoint

    try:
        cp = load_checkpoint(checkpoint_file.read_bytes())
    except OSError as exc:
        raise ValidationFailed(f"无法读取检查点文件 {checkpoint_file}", code="checkpoint_unreadable") from exc
    index = next((i for i, entry in enumerate(cp.streams) if entry[0] == stream), None)
    if index is None:
        raise NotFound(f"检查点中没有账本流 {stream}", code="stream_not_found")
    print_json(
        {
            "entry": list(cp.streams[index]), "index": index, "size": len(cp.streams),
            "path": inclusion_proof(cp.streams, index), "root": cp.root, "created_at": cp.created_at,
            "key_id": cp.key_id,
        }
    )  # fmt: skip

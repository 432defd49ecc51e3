"""`zhifa outbox run|list|retry|targets|status|show|receiver`: pushes to the systems around us."""

from __future__ import annotations

import time

import typer
from sqlalchemy import Engine

from zhifa.cli.common import print_json, ready_uow

app = typer.Typer(no_args_is_help=True)


def _engine() -> Engine:
    """The migrated database of ZHIFA_DATABASE_URL."""
    return ready_uow().engine


@app.command("run", help="投递待推送记录：按案件顺序、失败指数退避重试、超过次数转入死信；可多个进程并行")
def run(
    once: bool = typer.Option(False, "--once", help="只处理一轮当前到期的记录后退出"),
    poll: float = typer.Option(2.0, "--poll", help="持续运行时没有可投递记录后的等待间隔（秒）"),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="并行投递的进程数（按案件顺序、不重复投递）"
    ),
) -> None:
    """Deliver the outbox (one pass with --once, else until interrupted), by one or N worker processes."""
    from zhifa.services.outbox_pool import run_workers_once, start_workers, stop_workers
    from zhifa.services.outbox_worker import RunReport, run_forever, run_once

    def show(r: RunReport) -> None:
        if r.delivered or r.retrying or r.dead or not once:
            missing = f"；未配置：{'、'.join(sorted(r.not_configured))}" if r.not_configured else ""
            typer.echo(
                f"已投递 {r.delivered}，待重试 {r.retrying}，转入死信 {r.dead}，等待 {r.waiting}{missing}"
            )

    engine = _engine()
    if once:
        report = run_once(engine) if workers == 1 else run_workers_once(workers)
        show(report)
        if not (report.delivered or report.retrying or report.dead):
            typer.echo(
                f"没有可投递的记录（等待 {report.waiting}）"
                + (f"；未配置：{'、'.join(sorted(report.not_configured))}" if report.not_configured else "")
            )
        return
    if workers > 1:
        procs = start_workers(workers, poll)
        typer.echo(f"已启动 {workers} 个投递进程（Ctrl-C 停止）")
        try:
            for p in procs:
                p.join()
        except KeyboardInterrupt:
            stop_workers(procs)
            typer.echo("已停止")
        return
    try:
        run_forever(engine, poll, show)
    except KeyboardInterrupt:
        typer.echo("已停止")


@app.command("list", help="列出推送记录（--status pending|retrying|delivered|dead）")
def list_cmd(
    status: str | None = typer.Option(None, "--status", help="只看该状态"),
    target: str | None = typer.Option(None, "--target", help="只看该目标系统"),
    limit: int = typer.Option(200, "--limit", help="最多列出条数"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """List outbox rows, newest first."""
    from zhifa.services.outbox_admin import list_rows

    rows = list_rows(_engine(), status, target, limit)
    if as_json:
        print_json({"count": len(rows), "items": rows})
        return
    for r in rows:
        due = f" 期限{r['due_on']}" if r["due_on"] else ""
        error = f"  {r['last_error']}" if r["last_error"] else ""
        typer.echo(
            f"#{r['id']} {r['status']:<9} {r['target']:<17} {r['obligation']:<22} "
            f"{r['case_id'] or '-'}#{r['seq']} 尝试{r['attempts']}次{due}{error}"
        )
    typer.echo(f"共 {len(rows)} 条")


@app.command("show", help="显示一条推送记录发送的报文（JSON）")
def show_cmd(row_id: int = typer.Argument(..., help="推送记录编号")) -> None:
    """Print the payload of one row exactly as it is sent."""
    from zhifa.services.outbox_admin import payload_of

    print_json(payload_of(_engine(), row_id))


@app.command("retry", help="将一条死信重新放回投递队列（投递编号不变，接收方据此去重）")
def retry_cmd(row_id: int = typer.Argument(..., help="推送记录编号")) -> None:
    """Put a dead letter back in its queue."""
    from zhifa.services.outbox_admin import retry

    row = retry(_engine(), row_id, actor=_actor())
    typer.echo(f"#{row['id']} 已重新排队，将推送至 {row['target']}")


@app.command("targets", help="目标系统：代码、名称、是否已配置地址与密钥、法律依据")
def targets_cmd(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """List the targets and their configuration."""
    from zhifa.services.outbox_admin import targets

    items = targets(_engine())
    if as_json:
        print_json({"items": items})
        return
    for t in items:
        state = "已配置" if t["configured"] else t["problem"]
        typer.echo(f"{t['code']:<17} {t['name']}  [{state}]")
        for basis in t["basis"]:
            typer.echo(f"    {basis}")


@app.command("status", help="各目标系统的待投递、重试中、已投递、死信数量，最久等待时长与超期数")
def status_cmd(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """Per-target counts, oldest pending age and deadline breaches."""
    from zhifa.services.cases import china_today
    from zhifa.services.outbox_admin import status

    items = status(_engine(), china_today())
    if as_json:
        print_json({"items": items})
        return
    for s in items:
        age = "-" if s["oldest_pending_seconds"] is None else f"{s['oldest_pending_seconds']}秒"
        typer.echo(
            f"{s['target']:<17} 待投递{s['pending']} 重试中{s['retrying']} 已投递{s['delivered']} "
            f"死信{s['dead']} 最久等待{age} 超期{s['deadline_breaches']}"
            + ("（未配置）" if s["configured"] is False else "")
        )


def _actor() -> str:
    import getpass

    return f"命令行:{getpass.getuser()}"


@app.command("reconcile", help="对账：自某日起发往目标的记录与目标确认收到的记录逐条核对")
def reconcile_cmd(
    target: str = typer.Argument(..., help="目标系统代码"),
    since: str = typer.Option(..., "--since", help="起始日期 YYYY-MM-DD（北京时间）"),
    requeue: bool = typer.Option(
        False, "--requeue", help="把目标未确认收到的已投递记录重新排队（投递编号不变）"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """What we sent to TARGET since the day against what the target acknowledges having."""
    from datetime import date

    from zhifa.cli.common import fail
    from zhifa.services.outbox_reconcile import reconcile

    try:
        day = date.fromisoformat(since)
    except ValueError:
        fail(f"日期格式应为 YYYY-MM-DD：{since}", code="bad_date", exit_code=2)
        raise  # fail() always exits
    result = reconcile(_engine(), target, day, requeue=requeue, actor=_actor())
    if as_json:
        print_json(result)
        return
    typer.echo(
        f"{target} 自 {result['since']} 起 {result['rows']} 条：已确认 {result['acknowledged']}，"
        f"目标未确认收到 {result['missing_at_target']}，目标已收到但本方未标记 {result['unconfirmed']}，"
        f"未投递 {result['pending']}，目标有而本方未发送 {result['unknown_at_target']}"
        + (f"；已重新排队 {result['requeued']}" if result["requeued"] else "")
    )
    for kind, ids in result["samples"].items():
        for delivery_id in ids:
            typer.echo(f"  {kind} {delivery_id}")


@app.command("set-target", help="设置目标系统的推送地址与签名密钥（密钥以 SM4-GCM 加密保存；环境变量优先）")
def set_target_cmd(
    code: str = typer.Argument(..., help="目标系统代码"),
    url: str = typer.Option(..., "--url", help="推送地址（https://，本机接收端可用 http://127.0.0.1）"),
    secret: str = typer.Option(
        ...,
        "--secret",
        prompt="签名密钥",
        hide_input=True,
        help="HMAC-SM3 签名密钥（不写则提示输入，不回显）",
    ),
) -> None:
    """Store a target's URL and sealed secret (who set it is logged)."""
    from zhifa.services.outbox_targets import set_target

    done = set_target(_engine(), code, url, secret, _actor())
    typer.echo(f"{code} 已设置：{done['url']}")
    if done["source"] == "env":
        typer.echo(f"注意：已设置环境变量 ZHIFA_PUSH_URL_{code.upper()}，投递仍以环境变量为准")


@app.command("receiver", help="在本机启动演示接收端（校验签名与报文，按投递编号去重）")
def receiver_cmd(
    port: int = typer.Option(8765, "--port", help="监听端口（只监听 127.0.0.1）"),
    secret: str = typer.Option(..., "--secret", help="签名密钥（与 ZHIFA_PUSH_SECRET_<CODE> 一致）"),
) -> None:
    """Run the demo receiver until interrupted."""
    from zhifa.integrations.receiver import start_receiver

    server, inbox = start_receiver(secret, port=port)
    typer.echo(f"接收端已启动：http://127.0.0.1:{server.server_address[1]}/<目标代码>（Ctrl-C 停止）")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        server.shutdown()
        typer.echo(f"已停止：收到 {len(inbox.deliveries)} 条（重复 {inbox.duplicates} 条）")

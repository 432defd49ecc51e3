"""`zhifa serve`: run the web app with uvicorn."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
    port: int = typer.Option(8000, "--port", help="监听端口"),
    workers: int = typer.Option(1, "--workers", help="工作进程数（生产建议 CPU 核数 + 1，见 README）"),
    threads: int = typer.Option(
        0, "--threads", min=0, max=1000, help="每个进程执行同步接口的线程数（0：默认 40；压测见 README）"
    ),
    outbox_workers: int = typer.Option(
        0, "--outbox-workers", min=0, max=64, help="同时启动的推送投递进程数（0：不启动）"
    ),
) -> None:
    """Serve the web application."""
    import os

    import uvicorn

    from zhifa.config import get_settings

    if threads:  # the workers read it from the environment (ZHIFA_THREADS), as every setting
        os.environ["ZHIFA_THREADS"] = str(threads)
        get_settings.cache_clear()

    from zhifa.cli.common import engine_from_settings
    from zhifa.web.server import HTTP_PROTOCOL

    engine_from_settings()  # fail early with a Chinese message when the database is unreachable
    typer.echo(f"zhifa 服务启动：http://{host}:{port}/ （接口文档 /docs）")
    procs = []
    if outbox_workers:
        from zhifa.services.outbox_pool import start_workers, stop_workers

        procs = start_workers(outbox_workers)
        typer.echo(f"已启动 {outbox_workers} 个推送投递进程")
    try:
        uvicorn.run(  # TCP_NODELAY on every connection: see zhifa.web.server
            "zhifa.web.app:create_app",
            factory=True, host=host, port=port, workers=workers, http=HTTP_PROTOCOL,
        )  # fmt: skip
    finally:
        if procs:
            stop_workers(procs)

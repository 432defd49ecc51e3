"""Shared CLI plumbing and the CLI's composition root: the only place it builds engines and units of work."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from typer.exceptions import TyperException

from zhifa.config import get_settings
from zhifa.errors import ConfigurationError, ZhifaError
from zhifa.store.uow import UnitOfWork
from zhifa.timefmt import json_times


def engine_from_settings(check: bool = True) -> Engine:
    """Engine for ZHIFA_DATABASE_URL; raises StorageUnavailable when it cannot be reached."""
    from zhifa.store.db import check_connection, make_engine

    engine = make_engine(get_settings().database_url)
    if check:
        check_connection(engine)
    return engine


def ready_uow() -> UnitOfWork:
    """A unit of work on ZHIFA_DATABASE_URL; refuses an unreachable or never-migrated database."""
    from zhifa.store.migrate import current_revision

    engine = engine_from_settings()
    if current_revision(engine) is None:
        raise ConfigurationError("数据库尚未初始化，请先运行 zhifa db upgrade", code="database_not_migrated")
    return UnitOfWork(engine)


def write_report(path: Path, lines: list[str]) -> None:
    """Write a long import report to a file (the terminal gets a summary and the path)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def print_json(obj: Any) -> None:
    """Print JSON with Chinese characters kept readable and times in Beijing time (ISO with +08:00)."""
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=json_times))


def fail(message: str, code: str = "error", exit_code: int = 1) -> None:
    """Print a Chinese error with its stable code to stderr and exit non-zero."""
    typer.echo(f"错误[{code}]：{message}", err=True)
    raise typer.Exit(exit_code)


def run_guarded(app: typer.Typer) -> int:
    """Run the typer app; ZhifaError becomes a Chinese message and exit code 1, usage errors exit 2."""
    try:
        rv = app(standalone_mode=False)
    except ZhifaError as exc:
        typer.echo(f"错误[{exc.code}]：{exc.message}", err=True)
        return 1
    except typer.Abort:
        typer.echo("已取消", err=True)
        return 1
    except (OperationalError, ProgrammingError) as exc:
        text = str(exc.orig).lower()
        if "no such table" in text or "does not exist" in text or "undefinedtable" in text:
            typer.echo("错误[db_not_migrated]：数据库结构不是最新版本，请先运行 zhifa db upgrade", err=True)
        else:
            typer.echo(f"错误[database_error]：数据库操作失败：{exc.orig}", err=True)
        return 1
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            typer.echo(exc.format_message(), err=True)
            return 0
        if exc.exit_code == 2:
            typer.echo(f"参数错误[usage_error]：{exc.format_message()}", err=True)
            if ctx is not None:
                typer.echo(ctx.get_usage(), err=True)
                typer.echo(f"查看帮助：{ctx.command_path} --help", err=True)
        else:
            typer.echo(f"错误[cli_error]：{exc.format_message()}", err=True)
        return exc.exit_code
    # With standalone_mode=False, click returns the code of a `typer.Exit(n)` instead of raising it.
    return rv if isinstance(rv, int) else 0


def read_stdin_secret(prompt: str) -> str:
    """Read a password from stdin (one line); prompts only on a terminal."""
    if sys.stdin.isatty():
        return typer.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")

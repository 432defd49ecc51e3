"""`zhifa intake simulate`: labelled demo clues posted to a running server, graded and routed there."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from tests.integration.case_helpers import World, make_world
from zhifa.cli import app as cli_app
from zhifa.config import Settings
from zhifa.integrations.intake_inputs import ClueIn
from zhifa.integrations.simulate import demo_clues
from zhifa.integrations.sources import enable_source, shipped_sources
from zhifa.services.cases import china_today
from zhifa.store.db import make_session_factory
from zhifa.store.models import CaseRow, IntakeClue
from zhifa.web.app import create_app
from zhifa.web.state import AppState


def test_demo_clues_are_valid_bodies_and_labelled_for_every_shipped_source() -> None:
    for code in shipped_sources():
        for body in demo_clues(code, 20, china_today(), seed=3):
            ClueIn.model_validate(body)
            assert body["summary"].startswith("【演示】") and body["category"].startswith("演示-")
            assert body["source_ref"].startswith(f"DEMO-{code}-") and "虚构" in body["subject"]["name"]
    assert demo_clues("drugs", 5, china_today(), seed=1) == demo_clues("drugs", 5, china_today(), seed=1)


@pytest.fixture
def server(engine: Engine, tmp_path: Path) -> Iterator[tuple[str, World]]:
    w = make_world(engine)
    settings = Settings(secret_key="simulate-test", var_dir=tmp_path / "var")
    web = create_app(settings)
    web.state.zhifa = AppState(settings=settings, engine=engine, session_factory=make_session_factory(engine))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=run.run, daemon=True)
    thread.start()
    for _ in range(100):
        if run.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", w
    run.should_exit = True
    thread.join(timeout=10)


def test_simulate_posts_demo_clues_that_are_graded_routed_and_replayed(server: tuple[str, World]) -> None:
    url, w = server
    key = enable_source(w.uow(), "food_trade").key
    args = ["intake", "simulate", "--source", "food_trade", "--count", "6", "--url", url, "--key", key]
    first = CliRunner().invoke(cli_app, [*args, "--seed", "7", "--json"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output)
    assert summary["statuses"] == {"201": 6} and summary["label"] == "演示" and not summary["problems"]
    assert sum(summary["grades"].values()) == 6 and all(code.startswith("42") for code in summary["agencies"])
    again = CliRunner().invoke(cli_app, [*args, "--seed", "7", "--json"])
    assert json.loads(again.output)["statuses"] == {"201": 6}  # the first answers, replayed
    with w.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(IntakeClue)) == 6
        summaries = uow.session.scalars(select(CaseRow.summary)).all()
    assert len(summaries) == 6 and all("【演示】" in s for s in summaries)
    bad = CliRunner().invoke(cli_app, [*args[:-2], "--key", "zfsrc_wrong", "--json"])
    assert json.loads(bad.output)["statuses"] == {"401": 6}

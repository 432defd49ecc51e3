"""The world of the intake tests: agencies and users, a var directory of its own, quick outbox retries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import World, make_world
from zhifa.config import reset_settings


@pytest.fixture(name="w")
def intake_world(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[World]:
    """make_world with ZHIFA_VAR_DIR under tmp_path, 3 delivery attempts and a 1 s delivery timeout."""
    monkeypatch.setenv("ZHIFA_PUSH_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("ZHIFA_PUSH_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("ZHIFA_VAR_DIR", str(tmp_path / "var"))
    reset_settings()
    yield make_world(engine)
    reset_settings()

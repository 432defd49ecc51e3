"""A site without the data (fresh clone, no network): law, precedent and assistant pages and API answers
say plainly that their library is empty and how to fill it; case handling works as usual."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.e2e.clients import login, page_csrf
from tests.integration.case_helpers import World, make_world
from tests.integration.identity_helpers import PASSWORD
from zhifa.config import Settings
from zhifa.services.cases import china_today
from zhifa.store.db import make_session_factory
from zhifa.web.app import create_app
from zhifa.web.state import AppState

HOW = ("zhifa data fetch", "ZHIFA_DATA_SOURCE")


@pytest.fixture
def world(engine: Engine) -> World:
    return make_world(engine)


@pytest.fixture
def client(world: World, tmp_path: Path) -> TestClient:
    settings = Settings(
        secret_key="test-secret-key", var_dir=tmp_path / "var", data_dir=tmp_path / "var" / "data", env="test"
    )
    app = create_app(settings)
    app.state.zhifa = AppState(
        settings=settings, engine=world.engine, session_factory=make_session_factory(world.engine)
    )
    c = TestClient(app)
    login(c, "ja_h1", PASSWORD)
    return c


def _says_empty(text: str, library: str) -> bool:
    text = unescape(text)
    return f"{library}为空" in text and all(h in text for h in HOW)


@pytest.mark.parametrize(
    ("path", "library"),
    [("/law", "法律库"), ("/law?q=明码标价", "法律库"), ("/law/laws", "法律库"), ("/precedents", "判例库")],
)
def test_library_pages_say_empty_and_how_to_fill(client: TestClient, path: str, library: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert 'id="library-empty"' in page.text and _says_empty(page.text, library)


@pytest.mark.parametrize(
    ("method", "path", "body", "code"),
    [
        ("GET", "/api/v1/laws", None, "law_library_empty"),
        ("GET", "/api/v1/law/search?q=明码标价", None, "law_library_empty"),
        ("GET", "/api/v1/laws/1/articles/13", None, "law_library_empty"),
        ("POST", "/api/v1/law/cite", {"text": "依据《价格法》第十三条"}, "law_library_empty"),
        ("GET", "/api/v1/precedents/search?q=明码标价", None, "precedent_library_empty"),
        ("POST", "/api/v1/precedents/similar", {"facts": "未明码标价"}, "precedent_library_empty"),
    ],
)
def test_library_api_answers_say_empty(
    client: TestClient, method: str, path: str, body: dict[str, str] | None, code: str
) -> None:
    headers = {"X-CSRF-Token": page_csrf(client)}
    answer = client.request(method, path, json=body, headers=headers)
    assert answer.status_code == 409
    assert answer.json()["code"] == code
    assert _says_empty(answer.json()["message"], "法律库" if code.startswith("law") else "判例库")


def test_assistant_says_it_is_untrained_and_how_to_fill(client: TestClient, world: World) -> None:
    case_id = world.clue(china_today())
    page = client.get(f"/cases/{case_id}/assistant")
    assert page.status_code == 200
    assert "智能助手尚未训练" in unescape(page.text) and all(h in unescape(page.text) for h in HOW)
    headers = {"X-CSRF-Token": page_csrf(client)}
    answer = client.post("/api/v1/assist", json={"facts": "经查，当事人未明码标价。"}, headers=headers)
    assert answer.json()["code"] == "assistant_model_missing"
    assert all(h in answer.json()["message"] for h in HOW)
    assert "assistant.pkl" not in answer.text  # no file paths for people


def test_case_handling_works_without_the_data(client: TestClient) -> None:
    assert client.get("/cases").status_code == 200
    assert client.get("/healthz").status_code == 200

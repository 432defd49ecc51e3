"""The web app starts, answers /healthz and publishes its OpenAPI document."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from zhifa.config import Settings
from zhifa.web.app import create_app


def test_healthz_and_openapi(engine: Engine) -> None:
    app = create_app(Settings(database_url=engine.url.render_as_string(hide_password=False)))
    client = TestClient(app)
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert "/healthz" in spec["paths"]


def test_healthz_reports_unreachable_database_with_stable_code() -> None:
    app = create_app(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    resp = TestClient(app).get("/healthz")
    assert resp.status_code == 503
    assert resp.json()["code"] == "database_unreachable"
    assert "无法连接数据库" in resp.json()["message"]

"""The web app starts, answers /healthz and publishes its OpenAPI document."""

from __future__ import annotations

import gc
import inspect

import anyio.to_thread
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine

from zhifa.config import Settings
from zhifa.web.api import cases as case_api
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


def test_threads_setting_sizes_the_pool_of_synchronous_endpoints(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(database_url=url, threads=3))
    with TestClient(app) as client:  # the lifespan runs on entering
        assert client.get("/healthz").status_code == 200
        tokens = client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == 3
    with TestClient(create_app(Settings(database_url=url))) as client:  # 0: anyio's default is kept
        tokens = client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == 40


def test_threads_setting_out_of_range_is_refused_in_chinese() -> None:
    with pytest.raises(ValidationError, match="ZHIFA_THREADS"):
        Settings(threads=-1)


def test_objects_built_at_startup_are_frozen_while_the_app_runs(engine: Engine) -> None:
    """A full collection skips what startup built (law texts, catalog, routes); see zhifa.web.app."""
    app = create_app(Settings(database_url=engine.url.render_as_string(hide_password=False)))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        frozen = gc.get_freeze_count()
    assert frozen > 10_000
    assert gc.get_freeze_count() == 0  # unfrozen at shutdown: an app dropped in one process leaves nothing


def test_case_api_units_of_work_run_on_the_event_loop() -> None:
    """The short case endpoints skip the thread pool (zhifa.web.inline); file downloads do not."""
    on_loop = {
        (method, route.path): inspect.iscoroutinefunction(route.endpoint)
        for route in case_api.router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    for key in [
        ("GET", "/cases"),
        ("POST", "/cases"),
        ("GET", "/cases/{case_id}"),
        ("POST", "/cases/{case_id}/actions/file"),
        ("POST", "/cases/{case_id}/actions/add-evidence"),
    ]:
        assert on_loop[key] is True, key
    assert on_loop[("GET", "/cases/{case_id}/files/{sm3}")] is False  # file reads stay in the pool

"""纪检监察 writes nothing, not even its own API tokens: an administrator in scope issues and revokes them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.integration.identity_helpers import PASSWORD, make_agencies, make_user
from zhifa.config import Settings
from zhifa.errors import PermissionDenied
from zhifa.identity.auth import create_token, revoke_token
from zhifa.identity.token_admin import create_own_token
from zhifa.store.db import make_session_factory
from zhifa.store.models.identity import ApiToken
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState


@pytest.fixture
def db(engine: Engine) -> Engine:
    make_agencies(engine)
    return engine


@pytest.fixture
def app(db: Engine) -> object:
    settings = Settings()
    app = create_app(settings)
    app.state.zhifa = AppState(settings=settings, engine=db, session_factory=make_session_factory(db))
    return app


def _login(client: TestClient, username: str) -> dict[str, str]:
    resp = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    return {"X-CSRF-Token": resp.json()["csrf_token"]}


def _tokens(db: Engine) -> int:
    with UnitOfWork(db) as uow:
        return int(uow.session.scalar(select(func.count(ApiToken.id))) or 0)


def test_inspector_cannot_make_or_revoke_its_own_tokens(db: Engine, app: object) -> None:
    inspector = make_user(db, "jijian", "420100", "inspector")
    client = TestClient(app)  # type: ignore[arg-type]
    csrf = _login(client, "jijian")
    refused = client.post("/api/v1/auth/tokens", json={"label": "自用"}, headers=csrf)
    assert refused.status_code == 403 and refused.json()["code"] == "read_only_role"
    assert "系统管理员签发" in refused.json()["message"]
    assert _tokens(db) == 0
    with pytest.raises(PermissionDenied):
        create_own_token(UnitOfWork(db), inspector)
    issued = create_token(UnitOfWork(db), inspector.user_id)
    gone = client.delete(f"/api/v1/auth/tokens/{issued.id}", headers=csrf)
    assert gone.status_code == 403 and gone.json()["code"] == "read_only_role"
    with pytest.raises(PermissionDenied):
        revoke_token(UnitOfWork(db), inspector, issued.id)
    assert client.get("/api/v1/auth/tokens").json()[0]["revoked"] is False  # reading its own list is fine


def test_administrator_issues_an_inspector_token_that_reads_but_cannot_write(db: Engine, app: object) -> None:
    make_user(db, "wuhan_admin", "420100", "admin")
    inspector = make_user(db, "jijian", "420100", "inspector")
    admin = TestClient(app)  # type: ignore[arg-type]
    csrf = _login(admin, "wuhan_admin")
    made = admin.post(f"/api/v1/users/{inspector.user_id}/tokens", json={"label": "监督脚本"}, headers=csrf)
    assert made.status_code == 201 and made.json()["username"] == "jijian"
    auth = {"Authorization": f"Bearer {made.json()['token']}"}
    script = TestClient(app)  # type: ignore[arg-type]
    assert script.get("/api/v1/me", headers=auth).json()["username"] == "jijian"
    assert script.get("/api/v1/users", headers=auth).status_code == 200
    assert script.post("/api/v1/auth/tokens", json={}, headers=auth).json()["code"] == "read_only_role"
    listed = admin.get(f"/api/v1/users/{inspector.user_id}/tokens").json()
    assert [(t["label"], t["revoked"]) for t in listed] == [("监督脚本", False)] and "token" not in listed[0]
    assert admin.delete(f"/api/v1/auth/tokens/{listed[0]['id']}", headers=csrf).status_code == 200
    assert script.get("/api/v1/me", headers=auth).status_code == 401


def test_administrators_issue_only_inspector_tokens_and_only_in_scope(db: Engine, app: object) -> None:
    make_user(db, "chibi_admin", "421281", "admin")
    make_user(db, "jiangan_admin", "420102", "admin")
    handler = make_user(db, "zhang", "420102", "handler")
    inspector = make_user(db, "jijian", "420100", "inspector")  # 武汉: above 江岸, beside 赤壁
    jiangan, chibi = TestClient(app), TestClient(app)  # type: ignore[arg-type]
    j_csrf, c_csrf = _login(jiangan, "jiangan_admin"), _login(chibi, "chibi_admin")
    not_inspector = jiangan.post(f"/api/v1/users/{handler.user_id}/tokens", json={}, headers=j_csrf)
    assert not_inspector.status_code == 403 and not_inspector.json()["code"] == "token_not_for_role"
    outside = chibi.post(f"/api/v1/users/{inspector.user_id}/tokens", json={}, headers=c_csrf)
    absent = chibi.post("/api/v1/users/999999/tokens", json={}, headers=c_csrf)
    assert outside.status_code == absent.status_code == 404 and outside.json() == absent.json()
    assert (
        jiangan.post(f"/api/v1/users/{inspector.user_id}/tokens", json={}, headers=j_csrf).status_code == 404
    )
    assert _tokens(db) == 0


def test_a_handler_still_makes_its_own_token(db: Engine, app: object) -> None:
    make_user(db, "zhang", "420102", "handler")
    client = TestClient(app)  # type: ignore[arg-type]
    made = client.post("/api/v1/auth/tokens", json={"label": "脚本"}, headers=_login(client, "zhang"))
    assert made.status_code == 201 and made.json()["token"].startswith("zf_")

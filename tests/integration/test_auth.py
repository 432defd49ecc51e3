"""Authentication: passwords, throttling (injected clock), tokens, sessions, CSRF and scope over HTTP."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.integration.identity_helpers import PASSWORD, make_agencies, make_user
from zhifa.config import Settings
from zhifa.errors import NotFound, TooManyAttempts, Unauthenticated, ValidationFailed
from zhifa.identity.auth import authenticate, create_token, resolve_token, revoke_token
from zhifa.store.db import make_session_factory
from zhifa.store.models.identity import ApiToken, LoginAttempt, User
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
THROTTLE = Settings(login_max_failures=3, login_lock_seconds=600, login_backoff_seconds=60, token_ttl_days=30)


@pytest.fixture
def db(engine: Engine) -> Engine:
    make_agencies(engine)
    return engine


def _login(engine: Engine, username: str, password: str, at: datetime) -> object:
    return authenticate(UnitOfWork(engine), username, password, "test", settings=THROTTLE, now=at)


def _attempts(engine: Engine) -> list[tuple[str, bool]]:
    with UnitOfWork(engine) as uow:
        rows = uow.session.execute(
            select(LoginAttempt.username, LoginAttempt.success).order_by(LoginAttempt.id)
        )
        return [(r[0], r[1]) for r in rows]


def test_login_ok_and_the_same_answer_for_wrong_password_and_unknown_user(db: Engine) -> None:
    make_user(db, "zhang", "420102", "handler", display_name="张伟")
    actor = _login(db, "Zhang", PASSWORD, T0)
    assert actor.username == "zhang" and actor.agency_path == "/420000/420100/420102/"  # type: ignore[attr-defined]
    with pytest.raises(Unauthenticated) as wrong:
        _login(db, "zhang", "Wrong2026pw", T0)
    with pytest.raises(Unauthenticated) as unknown:
        _login(db, "nobody", PASSWORD, T0)
    assert (
        wrong.value.to_dict()
        == unknown.value.to_dict()
        == {
            "code": "bad_credentials",
            "message": "用户名或密码错误",
        }
    )
    assert _attempts(db) == [("zhang", True), ("zhang", False), ("nobody", False)]


def test_throttling_backs_off_and_the_right_password_passes_after_the_wait(db: Engine) -> None:
    make_user(db, "zhang", "420102", "handler")
    for i in range(3):
        with pytest.raises(Unauthenticated):
            _login(db, "zhang", "Wrong2026pw", T0 + timedelta(seconds=i))
    with pytest.raises(TooManyAttempts) as locked:  # even the right password is not checked now
        _login(db, "zhang", PASSWORD, T0 + timedelta(seconds=10))
    assert locked.value.code == "login_throttled" and locked.value.http_status == 429
    assert "52 秒后再试" in locked.value.message  # the third failure (at +2 s) closed the gate for 60 s
    assert locked.value.details == {"retry_after_seconds": 52, "scope": "account"}
    assert len(_attempts(db)) == 3  # throttled attempts are refused before any check
    with pytest.raises(Unauthenticated):  # after the wait one guess is evaluated: wrong ...
        _login(db, "zhang", "Wrong2026pw", T0 + timedelta(seconds=62))
    with pytest.raises(TooManyAttempts) as longer:  # ... and the wait doubles with every attempt past
        _login(db, "zhang", PASSWORD, T0 + timedelta(seconds=150))  # the limit (the refused one at +10 too)
    assert longer.value.details["retry_after_seconds"] == 62 + 240 - 150
    actor = _login(db, "zhang", PASSWORD, T0 + timedelta(seconds=302))  # right password + the wait: in
    assert actor.username == "zhang"  # type: ignore[attr-defined]
    with UnitOfWork(db) as uow:
        user = uow.session.scalar(select(User).where(User.username == "zhang"))
        assert user is not None and user.failed_logins == 0 and user.locked_until is None
    for i in range(2):  # the count started again
        with pytest.raises(Unauthenticated):
            _login(db, "zhang", "Wrong2026pw", T0 + timedelta(seconds=200 + i))


def test_success_resets_the_count_and_unknown_usernames_lock_too(db: Engine) -> None:
    make_user(db, "zhang", "420102", "handler")
    for i in range(2):
        with pytest.raises(Unauthenticated):
            _login(db, "zhang", "Wrong2026pw", T0 + timedelta(seconds=i))
    _login(db, "zhang", PASSWORD, T0 + timedelta(seconds=5))
    with pytest.raises(Unauthenticated):
        _login(db, "zhang", "Wrong2026pw", T0 + timedelta(seconds=6))
    _login(db, "zhang", PASSWORD, T0 + timedelta(seconds=7))  # 1 failure since the last success
    for i in range(3):
        with pytest.raises(Unauthenticated):
            _login(db, "ghost", "Wrong2026pw", T0 + timedelta(seconds=i))
    with pytest.raises(TooManyAttempts):
        _login(db, "ghost", "Wrong2026pw", T0 + timedelta(seconds=9))


def test_disabled_account_cannot_log_in_or_use_tokens(db: Engine) -> None:
    actor = make_user(db, "zhang", "420102", "handler")
    issued = create_token(UnitOfWork(db), actor.user_id, settings=THROTTLE, now=T0)
    with UnitOfWork(db) as uow:
        user = uow.session.get(User, actor.user_id)
        assert user is not None
        user.active = False
        uow.commit()
    with pytest.raises(Unauthenticated) as err:
        _login(db, "zhang", PASSWORD, T0)
    assert err.value.code == "account_disabled"
    with pytest.raises(Unauthenticated):
        resolve_token(UnitOfWork(db), issued.token, now=T0)


def test_tokens_resolve_expire_and_revoke(db: Engine) -> None:
    actor = make_user(db, "zhang", "420102", "handler")
    other = make_user(db, "li", "420102", "handler")
    issued = create_token(UnitOfWork(db), actor.user_id, label="脚本", ttl_days=2, settings=THROTTLE, now=T0)
    assert issued.expires_at == T0 + timedelta(days=2)
    with UnitOfWork(db) as uow:
        stored = uow.session.scalars(select(ApiToken.token_hash)).all()
    assert stored == [hashlib.new("sm3", issued.token.encode()).hexdigest()]  # only the SM3 hash is kept
    assert resolve_token(UnitOfWork(db), issued.token, now=T0 + timedelta(days=1)) == actor
    with pytest.raises(Unauthenticated) as expired:
        resolve_token(UnitOfWork(db), issued.token, now=T0 + timedelta(days=2, seconds=1))
    with pytest.raises(Unauthenticated) as unknown:
        resolve_token(UnitOfWork(db), "zf_" + "x" * 43, now=T0)
    assert expired.value.to_dict() == unknown.value.to_dict()
    assert expired.value.code == "invalid_token"
    with pytest.raises(NotFound):  # another handler cannot touch my token
        revoke_token(UnitOfWork(db), other, issued.id)
    revoke_token(UnitOfWork(db), actor, issued.id)
    with pytest.raises(Unauthenticated):
        resolve_token(UnitOfWork(db), issued.token, now=T0)
    with pytest.raises(ValidationFailed) as ttl:
        create_token(UnitOfWork(db), actor.user_id, ttl_days=31, settings=THROTTLE)
    assert ttl.value.code == "bad_token_ttl"


# ---------------------------------------------------------------- HTTP


@pytest.fixture
def client(db: Engine) -> TestClient:
    settings = Settings(login_max_failures=3, login_lock_seconds=600, secret_key="test-secret-key")
    app = create_app(settings)
    app.state.zhifa = AppState(settings=settings, engine=db, session_factory=make_session_factory(db))
    return TestClient(app)


def _session_login(client: TestClient, username: str) -> str:
    resp = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    assert "zhifa_session" in resp.cookies
    return str(resp.json()["csrf_token"])


def test_api_login_and_me_by_session_and_by_bearer(db: Engine, client: TestClient) -> None:
    actor = make_user(db, "zhang", "420102", "handler", display_name="张伟")
    assert client.get("/api/v1/me").json()["code"] == "unauthenticated"
    csrf = _session_login(client, "zhang")
    me = client.get("/api/v1/me").json()
    assert me["username"] == "zhang" and me["role_labels"] == ["办案人员"]
    assert me["agency"]["name"] == "武汉市江岸区市场监督管理局" and me["csrf_token"] == csrf
    issued = create_token(UnitOfWork(db), actor.user_id)
    bearer = TestClient(client.app)
    resp = bearer.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.token}"})
    assert resp.status_code == 200 and resp.json()["username"] == "zhang" and "csrf_token" not in resp.json()
    bad = bearer.get("/api/v1/me", headers={"Authorization": "Bearer zf_nope"})
    assert bad.status_code == 401 and bad.json()["code"] == "invalid_token"


def test_api_wrong_password_and_unknown_user_identical_then_throttled(db: Engine, client: TestClient) -> None:
    make_user(db, "zhang", "420102", "handler")
    wrong = client.post("/api/v1/auth/login", json={"username": "zhang", "password": "Wrong2026pw"})
    unknown = client.post("/api/v1/auth/login", json={"username": "nobody", "password": "Wrong2026pw"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"code": "bad_credentials", "message": "用户名或密码错误"}
    assert "zhifa_session" not in wrong.cookies
    for _ in range(2):
        client.post("/api/v1/auth/login", json={"username": "zhang", "password": "Wrong2026pw"})
    throttled = client.post("/api/v1/auth/login", json={"username": "zhang", "password": PASSWORD})
    assert throttled.status_code == 429 and throttled.json()["code"] == "login_throttled"
    missing = client.post("/api/v1/auth/login", json={"username": "zhang"})
    assert missing.status_code == 422 and missing.json()["code"] == "validation_error"


def test_csrf_for_session_writes_and_bearer_exemption(db: Engine, client: TestClient) -> None:
    actor = make_user(db, "admin", "420100", "admin")
    csrf = _session_login(client, "admin")
    body = {"username": "newhead", "agency_code": "420102", "roles": ["负责人"], "password": PASSWORD}
    refused = client.post("/api/v1/users", json=body)
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    forged = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403
    with UnitOfWork(db) as uow:
        assert uow.session.scalar(select(func.count(User.id))) == 1  # nothing written
    created = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201 and created.json()["role_labels"] == ["负责人"]
    token = client.post("/api/v1/auth/tokens", json={"label": "脚本"}, headers={"X-CSRF-Token": csrf})
    assert token.status_code == 201
    bearer = TestClient(client.app)  # no cookies: the bearer token alone, no CSRF token needed
    auth = {"Authorization": f"Bearer {token.json()['token']}"}
    again = bearer.post("/api/v1/users", json={**body, "username": "second"}, headers=auth)
    assert again.status_code == 201
    assert [t["label"] for t in bearer.get("/api/v1/auth/tokens", headers=auth).json()] == ["脚本"]
    assert client.post("/api/v1/auth/logout", data={"csrf_token": "wrong"}).status_code == 403
    assert client.post("/api/v1/auth/logout", data={"csrf_token": csrf}).status_code == 200
    assert client.get("/api/v1/me").status_code == 401
    assert actor.user_id


def test_user_of_another_county_is_404_like_a_missing_one(db: Engine, client: TestClient) -> None:
    make_user(db, "jiangan_admin", "420102", "admin")
    chibi = make_user(db, "chibi_h", "421281", "handler")
    local = make_user(db, "jiangan_h", "420102", "handler")
    _session_login(client, "jiangan_admin")
    assert client.get(f"/api/v1/users/{local.user_id}").status_code == 200
    outside = client.get(f"/api/v1/users/{chibi.user_id}")
    absent = client.get("/api/v1/users/999999")
    assert outside.status_code == absent.status_code == 404
    assert outside.content == absent.content
    assert {u["username"] for u in client.get("/api/v1/users").json()} == {"jiangan_admin", "jiangan_h"}


def test_inspector_reads_but_cannot_write_over_http(db: Engine, client: TestClient) -> None:
    inspector = make_user(db, "jijian", "420100", "inspector")
    token = create_token(UnitOfWork(db), inspector.user_id).token
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/users", headers=auth).status_code == 200
    body = {"username": "x_user", "agency_code": "420102", "roles": ["head"], "password": PASSWORD}
    denied = client.post("/api/v1/users", json=body, headers=auth)
    assert denied.status_code == 403 and denied.json()["code"] == "read_only_role"


def test_html_login_page_with_csrf_form(db: Engine, client: TestClient) -> None:
    make_user(db, "zhang", "420102", "handler", display_name="张伟")
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    page = client.get("/login")
    assert page.status_code == 200 and "登录" in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    no_csrf = client.post("/login", data={"username": "zhang", "password": PASSWORD})
    assert no_csrf.status_code == 403 and "页面已过期" in no_csrf.text
    bad = client.post("/login", data={"username": "zhang", "password": "Wrong2026pw", "csrf_token": token})
    assert bad.status_code == 401 and "用户名或密码错误" in bad.text
    ok = client.post(
        "/login",
        data={"username": "zhang", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    home = client.get("/")
    assert "当前用户" in home.text and "张伟" in home.text and "办案人员" in home.text
    assert "武汉市江岸区市场监督管理局" in home.text
    new_token = home.text.split('name="csrf_token" value="')[1].split('"')[0]
    assert new_token != token  # a fresh CSRF token after login
    out = client.post("/logout", data={"csrf_token": new_token}, follow_redirects=False)
    assert out.status_code == 303 and client.get("/", follow_redirects=False).status_code == 303

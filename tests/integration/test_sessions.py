"""Server-side sessions: the cookie is only a token; logout and account changes end sessions; timeouts."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from tests.integration.identity_helpers import PASSWORD, make_agencies, make_user
from zhifa.config import Settings
from zhifa.identity.sessions import open_session, resolve_session, touch_session
from zhifa.store.db import make_session_factory
from zhifa.store.models.identity import WebSession
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
NEW_PASSWORD = "Fresh2026pass"


@pytest.fixture
def db(engine: Engine) -> Engine:
    make_agencies(engine)
    return engine


def _app(db: Engine, **overrides: object) -> object:
    settings = Settings(**overrides)  # type: ignore[arg-type]
    app = create_app(settings)
    app.state.zhifa = AppState(settings=settings, engine=db, session_factory=make_session_factory(db))
    return app


@pytest.fixture
def app(db: Engine) -> object:
    return _app(db)


def _login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    resp = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert resp.status_code == 200, resp.text
    return str(resp.json()["csrf_token"])


def _set_cookie(resp: object) -> str:
    headers = resp.headers.get_list("set-cookie")  # type: ignore[attr-defined]
    found = [h for h in headers if h.startswith("zhifa_session=")]
    assert len(found) == 1, headers
    return found[0]


def test_cookie_holds_only_a_random_token_whose_sm3_hash_is_stored(db: Engine, app: object) -> None:
    actor = make_user(db, "zhang", "420102", "handler")
    client = TestClient(app)  # type: ignore[arg-type]
    resp = client.post("/api/v1/auth/login", json={"username": "zhang", "password": PASSWORD})
    header = _set_cookie(resp)
    token = header.split(";")[0].split("=", 1)[1]
    flags = {f.strip().lower() for f in header.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/"} <= flags and "secure" not in flags  # plain HTTP
    assert len(token) == 43 and "." not in token  # no signed payload, no user id: the token only
    with UnitOfWork(db) as uow:
        rows = [(r.user_id, r.token_hash) for r in uow.session.scalars(select(WebSession))]
    assert rows == [(actor.user_id, hashlib.new("sm3", token.encode()).hexdigest())]


@pytest.mark.parametrize(
    ("base_url", "settings", "headers", "secure"),
    [
        ("https://testserver", {}, {}, True),
        ("http://testserver", {"cookie_secure": True}, {}, True),
        ("http://testserver", {"trusted_proxies": "testclient"}, {"X-Forwarded-Proto": "https"}, True),
        ("http://testserver", {}, {"X-Forwarded-Proto": "https"}, False),  # from anyone: not believed
    ],
)
def test_secure_flag_on_https(
    db: Engine, base_url: str, settings: dict[str, object], headers: dict[str, str], secure: bool
) -> None:
    make_user(db, "zhang", "420102", "handler")
    client = TestClient(_app(db, **settings), base_url=base_url)  # type: ignore[arg-type]
    body = {"username": "zhang", "password": PASSWORD}
    resp = client.post("/api/v1/auth/login", json=body, headers=headers)
    assert resp.status_code == 200
    assert ("; secure" in _set_cookie(resp).lower()) is secure


def test_logout_ends_the_session_on_the_server(db: Engine, app: object) -> None:
    make_user(db, "zhang", "420102", "handler")
    client = TestClient(app)  # type: ignore[arg-type]
    csrf = _login(client, "zhang")
    stolen = client.cookies.get("zhifa_session")
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert client.get("/api/v1/me").status_code == 401
    replay = TestClient(app, cookies={"zhifa_session": stolen})  # type: ignore[arg-type]
    assert replay.get("/api/v1/me").status_code == 401  # a copy of the cookie is worth nothing now
    with UnitOfWork(db) as uow:
        assert uow.session.scalars(select(WebSession)).all() == []


def test_page_logout_ends_the_session_too(db: Engine, app: object) -> None:
    make_user(db, "zhang", "420102", "handler", display_name="张伟")
    client = TestClient(app)  # type: ignore[arg-type]
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": "zhang", "password": PASSWORD, "csrf_token": token})
    stolen = client.cookies.get("zhifa_session")
    page_csrf = client.get("/").text.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/logout", data={"csrf_token": page_csrf}, follow_redirects=False).status_code == 303
    replay = TestClient(app, cookies={"zhifa_session": stolen})  # type: ignore[arg-type]
    assert replay.get("/", follow_redirects=False).headers["location"].startswith("/login")


def test_password_change_ends_every_session_of_the_user(db: Engine, app: object) -> None:
    make_user(db, "zhang", "420102", "handler")
    laptop, phone = TestClient(app), TestClient(app)  # type: ignore[arg-type]
    csrf = _login(laptop, "zhang")
    _login(phone, "zhang")
    body = {"current_password": "Wrong2026pw", "new_password": NEW_PASSWORD}
    wrong = laptop.post("/api/v1/auth/password", json=body, headers={"X-CSRF-Token": csrf})
    assert wrong.status_code == 403 and wrong.json()["code"] == "wrong_password"
    still = phone.get("/api/v1/me")
    assert still.status_code == 200, still.text  # nothing changed
    body = {"current_password": PASSWORD, "new_password": "zhang2026abc"}
    weak = laptop.post("/api/v1/auth/password", json=body, headers={"X-CSRF-Token": csrf})
    assert weak.status_code == 422 and weak.json()["code"] == "weak_password"
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    changed = laptop.post("/api/v1/auth/password", json=body, headers={"X-CSRF-Token": csrf})
    assert changed.status_code == 200
    assert laptop.get("/api/v1/me").status_code == 401 and phone.get("/api/v1/me").status_code == 401
    _login(TestClient(app), "zhang", NEW_PASSWORD)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "change", [{"roles": ["head"]}, {"active": False}], ids=["role change", "deactivation"]
)
def test_role_change_and_deactivation_end_the_users_sessions(
    db: Engine, app: object, change: dict[str, object]
) -> None:
    make_user(db, "admin", "420100", "admin")
    target = make_user(db, "zhang", "420102", "handler")
    bystander = make_user(db, "li", "420102", "handler")
    admin, victim, other = TestClient(app), TestClient(app), TestClient(app)  # type: ignore[arg-type]
    csrf = _login(admin, "admin")
    _login(victim, "zhang")
    _login(other, "li")
    resp = admin.patch(f"/api/v1/users/{target.user_id}", json=change, headers={"X-CSRF-Token": csrf})
    assert resp.status_code == 200, resp.text
    assert victim.get("/api/v1/me").status_code == 401
    assert other.get("/api/v1/me").status_code == 200 and admin.get("/api/v1/me").status_code == 200
    assert bystander.user_id
    again = TestClient(app)  # type: ignore[arg-type]
    login = again.post("/api/v1/auth/login", json={"username": "zhang", "password": PASSWORD})
    if change.get("active") is False:
        assert login.status_code == 401 and login.json()["code"] == "account_disabled"
    else:
        assert login.status_code == 200 and login.json()["user"]["roles"] == ["head"]


def test_admin_password_reset_and_unchanged_patch(db: Engine, app: object) -> None:
    make_user(db, "admin", "420100", "admin")
    target = make_user(db, "zhang", "420102", "handler")
    admin, victim = TestClient(app), TestClient(app)  # type: ignore[arg-type]
    csrf = _login(admin, "admin")
    _login(victim, "zhang")
    same = admin.patch(
        f"/api/v1/users/{target.user_id}", json={"roles": ["办案人员"]}, headers={"X-CSRF-Token": csrf}
    )
    assert same.status_code == 200 and victim.get("/api/v1/me").status_code == 200  # no change, no logout
    reset = admin.put(
        f"/api/v1/users/{target.user_id}/password",
        json={"password": NEW_PASSWORD},
        headers={"X-CSRF-Token": csrf},
    )
    assert reset.status_code == 200 and victim.get("/api/v1/me").status_code == 401
    _login(TestClient(app), "zhang", NEW_PASSWORD)  # type: ignore[arg-type]
    self_off = admin.patch(
        f"/api/v1/users/{admin.get('/api/v1/me').json()['id']}",
        json={"active": False},
        headers={"X-CSRF-Token": csrf},
    )
    assert self_off.status_code == 422 and self_off.json()["code"] == "cannot_disable_self"


def test_idle_and_absolute_timeouts_with_last_seen_written_at_most_once_a_minute(db: Engine) -> None:
    actor = make_user(db, "zhang", "420102", "handler")
    settings = Settings(session_idle_seconds=1800, session_max_age_seconds=8 * 3600)
    token = open_session(UnitOfWork(db), actor.user_id, "10.0.0.1", settings=settings, now=T0)

    def live(at: datetime) -> object:
        return resolve_session(UnitOfWork(db), token, settings=settings, now=at)

    first = live(T0 + timedelta(seconds=30))
    assert first is not None and not first.stale  # type: ignore[attr-defined]
    assert first.not_after == T0 + timedelta(minutes=30)  # type: ignore[attr-defined]
    used = live(T0 + timedelta(minutes=20))
    assert used is not None and used.stale  # type: ignore[attr-defined]
    touch_session(UnitOfWork(db), used.session_id, T0 + timedelta(minutes=20))  # type: ignore[attr-defined]
    assert live(T0 + timedelta(minutes=49)) is not None  # 29 minutes after the last use
    assert live(T0 + timedelta(minutes=50)) is None  # 30 minutes idle: over
    at = T0
    while at < T0 + timedelta(hours=8) - timedelta(minutes=10):  # busy all day: used every 10 minutes
        at += timedelta(minutes=10)
        found = live(at)
        assert found is not None, at
        touch_session(UnitOfWork(db), found.session_id, at)  # type: ignore[attr-defined]
    assert live(T0 + timedelta(hours=8)) is None  # 8 hours after login, used or not
    assert resolve_session(UnitOfWork(db), "forged", settings=settings, now=T0) is None


def test_session_csrf_differs_from_the_login_forms_and_needs_the_session(db: Engine, app: object) -> None:
    make_user(db, "admin", "420100", "admin")
    client = TestClient(app)  # type: ignore[arg-type]
    form = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    csrf = _login(client, "admin")
    assert csrf != form
    body = {"roles": ["admin"]}
    assert client.patch("/api/v1/users/1", json=body, headers={"X-CSRF-Token": form}).status_code == 403
    assert client.get("/api/v1/me").json()["csrf_token"] == csrf


def test_sessions_past_their_end_are_deleted_by_later_logins(db: Engine) -> None:
    zhang = make_user(db, "zhang", "420102", "handler")
    li = make_user(db, "li", "420102", "handler")
    settings = Settings()
    open_session(UnitOfWork(db), zhang.user_id, settings=settings, now=T0)  # never logs out
    open_session(UnitOfWork(db), li.user_id, settings=settings, now=T0 + timedelta(hours=9))
    with UnitOfWork(db) as uow:
        assert [r.user_id for r in uow.session.scalars(select(WebSession))] == [li.user_id]


def test_a_non_ascii_csrf_token_is_refused_not_a_server_error(db: Engine, app: object) -> None:
    make_user(db, "admin", "420100", "admin")
    client = TestClient(app)  # type: ignore[arg-type]
    _login(client, "admin")
    resp = client.post("/api/v1/auth/logout", data={"csrf_token": "令牌"})
    assert resp.status_code == 403 and resp.json()["code"] == "csrf_failed"
    page = client.post("/logout", data={"csrf_token": "令牌"})
    assert page.status_code == 403

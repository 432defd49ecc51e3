"""The short-lived actor cache: revoked tokens, changed roles and disabled users stop working promptly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select

from tests.integration.identity_helpers import PASSWORD, make_agencies, make_user
from zhifa.config import Settings
from zhifa.domain.actors import Actor, Role
from zhifa.identity.actor_cache import ActorCache, identity_changed, identity_generation
from zhifa.identity.auth import create_token
from zhifa.store.db import make_session_factory
from zhifa.store.models.identity import ApiToken, User, UserRole
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _actor(user_id: int = 1, *roles: Role) -> Actor:
    return Actor(user_id, f"u{user_id}", "张伟", 1, "420102", "/420000/420100/420102/", frozenset(roles))


def test_entries_expire_after_the_ttl_and_the_oldest_go_first() -> None:
    clock = Clock()
    cache = ActorCache(ttl=5, max_entries=2, clock=clock)
    gen = identity_generation()
    cache.put("a", _actor(1, Role.HANDLER), gen)
    cache.put("b", _actor(2, Role.HEAD), gen)
    assert cache.get("a", NOW) == _actor(1, Role.HANDLER)  # "a" is now the most recently used
    cache.put("c", _actor(3, Role.ADMIN), gen)
    assert cache.get("b", NOW) is None and len(cache) == 2  # bounded: the least recently used went
    clock.now += 5
    assert cache.get("a", NOW) is None and cache.get("c", NOW) is None


def test_an_entry_never_outlives_its_token() -> None:
    cache = ActorCache(ttl=60, clock=Clock())
    cache.put("t", _actor(), identity_generation(), not_after=NOW + timedelta(seconds=1))
    assert cache.get("t", NOW) == _actor()
    assert cache.get("t", NOW + timedelta(seconds=1)) is None


def test_an_identity_change_empties_the_cache_and_refuses_answers_loaded_before_it() -> None:
    cache = ActorCache(ttl=60, clock=Clock())
    before = identity_generation()
    cache.put("t", _actor(), before)
    identity_changed()
    assert cache.get("t", NOW) is None
    cache.put("late", _actor(), before)  # loaded before the change: possibly stale, never stored
    assert cache.get("late", NOW) is None
    cache.put("fresh", _actor(), identity_generation())
    assert cache.get("fresh", NOW) == _actor()


# ---------------------------------------------------------------- over HTTP


@pytest.fixture
def db(engine: Engine) -> Engine:
    make_agencies(engine)
    return engine


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(db: Engine, clock: Clock) -> Iterator[TestClient]:
    settings = Settings(secret_key="test-secret-key")
    app = create_app(settings)
    app.state.zhifa = AppState(
        settings=settings,
        engine=db,
        session_factory=make_session_factory(db),
        actors=ActorCache(ttl=5, clock=clock),
    )
    yield TestClient(app)


def _me(client: TestClient, token: str) -> tuple[int, dict[str, object]]:
    resp = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    return resp.status_code, resp.json()


def _set_roles(engine: Engine, user_id: int, *roles: str) -> None:
    """Change roles behind the application's back (as SQL or another process would)."""
    with UnitOfWork(engine) as uow:
        uow.session.execute(delete(UserRole).where(UserRole.user_id == user_id))
        uow.session.add_all([UserRole(user_id=user_id, role=r) for r in roles])
        uow.commit()


def _set_active(engine: Engine, user_id: int, active: bool) -> None:
    with UnitOfWork(engine) as uow:
        user = uow.session.get(User, user_id)
        assert user is not None
        user.active = active
        uow.commit()


def test_a_revoked_token_is_refused_on_the_very_next_request(db: Engine, client: TestClient) -> None:
    actor = make_user(db, "zhang", "420102", "handler")
    issued = create_token(UnitOfWork(db), actor.user_id, label="脚本")
    assert _me(client, issued.token)[0] == 200  # now cached
    auth = {"Authorization": f"Bearer {issued.token}"}
    assert client.delete(f"/api/v1/auth/tokens/{issued.id}", headers=auth).status_code in (200, 204)
    status, body = _me(client, issued.token)
    assert status == 401 and body["code"] == "invalid_token"
    with UnitOfWork(db) as uow:
        assert uow.session.scalar(select(ApiToken.revoked).where(ApiToken.id == issued.id)) is True


def _create_user(client: TestClient, token: str, username: str) -> tuple[int, str]:
    body = {"username": username, "agency_code": "420102", "roles": ["负责人"], "password": PASSWORD}
    resp = client.post("/api/v1/users", json=body, headers={"Authorization": f"Bearer {token}"})
    return resp.status_code, str(resp.json().get("code", ""))


def test_a_changed_role_applies_at_the_latest_after_the_ttl(
    db: Engine, client: TestClient, clock: Clock
) -> None:
    admin = make_user(db, "wang", "420102", "admin")
    token = create_token(UnitOfWork(db), admin.user_id).token
    assert _create_user(client, token, "head_a") == (201, "")  # the admin's identity is now cached
    _set_roles(db, admin.user_id, "inspector")  # another process makes the admin 纪检监察 (read-only)
    clock.now += 5.1
    assert _create_user(client, token, "head_b") == (403, "read_only_role")
    with UnitOfWork(db) as uow:
        names = set(uow.session.scalars(select(User.username)))
    assert names == {"wang", "head_a"}  # nothing written by the demoted user


def test_a_change_made_in_this_process_applies_at_once(db: Engine, client: TestClient) -> None:
    admin = make_user(db, "wang", "420102", "admin")
    token = create_token(UnitOfWork(db), admin.user_id).token
    assert _create_user(client, token, "head_a") == (201, "")
    _set_roles(db, admin.user_id, "inspector")
    identity_changed()  # what the identity services call after committing a change
    assert _create_user(client, token, "head_b") == (403, "read_only_role")


def test_a_disabled_user_is_refused_after_the_ttl_by_token_and_by_session(
    db: Engine, client: TestClient, clock: Clock
) -> None:
    actor = make_user(db, "zhang", "420102", "handler")
    token = create_token(UnitOfWork(db), actor.user_id).token
    login = client.post("/api/v1/auth/login", json={"username": "zhang", "password": PASSWORD})
    assert login.status_code == 200
    assert client.get("/api/v1/me").status_code == 200 and _me(client, token)[0] == 200
    _set_active(db, actor.user_id, False)
    clock.now += 5
    status, body = _me(client, token)
    assert status == 401 and body["code"] == "invalid_token"
    session_answer = client.get("/api/v1/me")
    assert session_answer.status_code == 401 and session_answer.json()["code"] == "unauthenticated"
    _set_active(db, actor.user_id, True)  # the browser session was ended, the token works again
    assert client.get("/api/v1/me").status_code == 401 and _me(client, token)[0] == 200

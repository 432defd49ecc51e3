"""Login throttling: per address as well as per user, back-off instead of a lock, atomic counting."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.integration.identity_helpers import PASSWORD, make_agencies, make_user
from zhifa.config import Settings
from zhifa.errors import TooManyAttempts, Unauthenticated
from zhifa.identity.auth import authenticate
from zhifa.identity.throttle import failures
from zhifa.store.db import make_session_factory
from zhifa.store.models.identity import LoginAttempt, LoginThrottle
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LIMITS = Settings(
    login_max_failures=5,
    login_source_max_failures=20,
    login_user_max_failures=50,
    login_backoff_seconds=60,
    login_lock_seconds=900,
)


@pytest.fixture
def db(engine: Engine) -> Engine:
    make_agencies(engine)
    return engine


def _try(engine: Engine, username: str, password: str, source: str, at: datetime) -> str:
    """'ok', 'wrong' (evaluated and refused) or 'throttled' (refused before any check)."""
    try:
        authenticate(UnitOfWork(engine), username, password, source, settings=LIMITS, now=at)
    except TooManyAttempts:
        return "throttled"
    except Unauthenticated:
        return "wrong"
    return "ok"


def _evaluated(engine: Engine) -> int:
    with UnitOfWork(engine) as uow:
        return int(uow.session.scalar(select(func.count(LoginAttempt.id))) or 0)


def test_password_spraying_over_twelve_users_from_one_address_is_slowed(db: Engine) -> None:
    for i in range(12):
        make_user(db, f"user{i:02d}", "420102", "head")
    outcomes = []
    for round_ in range(2):  # two guesses at each of 12 accounts: 24 attempts, none reaching a user limit
        for i in range(12):
            at = T0 + timedelta(seconds=round_ * 12 + i)
            outcomes.append(_try(db, f"user{i:02d}", f"Guess{round_}2026xyz", "203.0.113.9", at))
    assert outcomes[:20] == ["wrong"] * 20 and outcomes[20:] == ["throttled"] * 4
    assert _evaluated(db) == 20  # the address limit, whatever usernames were tried
    with pytest.raises(TooManyAttempts) as err:
        authenticate(
            UnitOfWork(db), "user00", PASSWORD, "203.0.113.9", settings=LIMITS, now=T0 + timedelta(seconds=30)
        )
    assert err.value.details["scope"] == "address" and "来自该地址" in err.value.message
    # another address is not held back by this one
    assert _try(db, "user00", PASSWORD, "198.51.100.7", T0 + timedelta(seconds=30)) == "ok"
    # after the back-off one attempt from the spraying address is evaluated, then it waits again, longer
    assert _try(db, "user03", "Guess22026xyz", "203.0.113.9", T0 + timedelta(seconds=19 + 61)) == "wrong"
    assert _try(db, "user04", "Guess22026xyz", "203.0.113.9", T0 + timedelta(seconds=19 + 62)) == "throttled"


def test_a_stranger_cannot_hold_the_owner_out(db: Engine) -> None:
    make_user(db, "zhang", "420102", "handler")
    for i in range(200):  # a stranger hammers zhang from one address
        _try(db, "zhang", "Wrong2026pw", "203.0.113.66", T0 + timedelta(seconds=i / 10))
    assert _evaluated(db) == 5  # the username-from-that-address limit
    # the owner, from the office, is in at once; the stranger's address stays held back
    assert _try(db, "zhang", PASSWORD, "10.0.0.8", T0 + timedelta(seconds=21)) == "ok"
    assert _try(db, "zhang", PASSWORD, "203.0.113.66", T0 + timedelta(seconds=22)) == "throttled"
    # and even from the stranger's own address the right password passes once the wait is over
    assert _try(db, "zhang", PASSWORD, "203.0.113.66", T0 + timedelta(seconds=22 + 900)) == "ok"


def test_many_addresses_against_one_user_meet_the_user_limit(db: Engine) -> None:
    make_user(db, "zhang", "420102", "handler")
    outcomes = [
        _try(db, "zhang", "Wrong2026pw", f"198.51.100.{i}", T0 + timedelta(seconds=i)) for i in range(60)
    ]
    assert outcomes.count("wrong") == 50 and outcomes[50:] == ["throttled"] * 10
    assert _try(db, "zhang", PASSWORD, "10.0.0.8", T0 + timedelta(seconds=61)) == "throttled"
    assert _try(db, "zhang", PASSWORD, "10.0.0.8", T0 + timedelta(seconds=49 + 900)) == "ok"


def test_successful_logins_do_not_use_up_the_address(db: Engine) -> None:
    make_user(db, "zhang", "420102", "handler")
    for i in range(40):  # an office behind one address: many right logins, a few typos
        password = "Wrong2026pw" if i % 10 == 0 else PASSWORD
        _try(db, "zhang", password, "10.0.0.1", T0 + timedelta(seconds=i))
    with UnitOfWork(db) as uow:
        assert failures(uow.session, "a:10.0.0.1") == 4
        assert failures(uow.session, "p:zhang@10.0.0.1") == 0  # reset by each success


def test_sixty_concurrent_wrong_guesses_count_sixty_and_five_are_evaluated(db: Engine) -> None:
    make_user(db, "zhang", "420102", "handler")
    with ThreadPoolExecutor(max_workers=30) as pool:
        outcomes = list(pool.map(lambda _: _try(db, "zhang", "Wrong2026pw", "203.0.113.5", T0), range(60)))
    assert outcomes.count("wrong") == 5 and outcomes.count("throttled") == 55
    assert _evaluated(db) == 5
    with UnitOfWork(db) as uow:
        assert failures(uow.session, "a:203.0.113.5") == 60  # every guess counted (the address first)
        assert failures(uow.session, "p:zhang@203.0.113.5") == 20  # those the address let through


def test_api_answers_429_with_retry_after(db: Engine) -> None:
    make_user(db, "zhang", "420102", "handler")
    settings = LIMITS.model_copy(update={"login_max_failures": 2})
    app = create_app(settings)
    app.state.zhifa = AppState(settings=settings, engine=db, session_factory=make_session_factory(db))
    client = TestClient(app)
    for _ in range(2):
        wrong = client.post("/api/v1/auth/login", json={"username": "zhang", "password": "Wrong2026pw"})
        assert wrong.status_code == 401 and "retry-after" not in wrong.headers
    throttled = client.post("/api/v1/auth/login", json={"username": "zhang", "password": PASSWORD})
    assert throttled.status_code == 429 and throttled.json()["code"] == "login_throttled"
    assert 55 <= int(throttled.headers["retry-after"]) <= 60
    assert throttled.json()["details"]["retry_after_seconds"] == int(throttled.headers["retry-after"])
    page = client.post(
        "/login", data={"username": "zhang", "password": PASSWORD, "csrf_token": _csrf(client)}
    )
    assert (
        page.status_code == 429 and "登录失败次数过多" in page.text and int(page.headers["retry-after"]) >= 1
    )


def _csrf(client: TestClient) -> str:
    return client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]


def test_counters_left_by_an_attack_are_cleared_once_their_window_has_passed(db: Engine) -> None:
    make_user(db, "zhang", "420102", "handler")
    for i in range(30):  # guessed usernames from many addresses: three counters each
        _try(db, f"ghost{i}", "Wrong2026pw", f"198.51.100.{i}", T0 + timedelta(seconds=i))
    with UnitOfWork(db) as uow:
        assert uow.session.scalar(select(func.count()).select_from(LoginThrottle)) == 90
    assert _try(db, "zhang", PASSWORD, "10.0.0.8", T0 + timedelta(seconds=600)) == "ok"  # window not over
    with UnitOfWork(db) as uow:
        assert uow.session.scalar(select(func.count()).select_from(LoginThrottle)) == 91  # + 10.0.0.8
    assert _try(db, "zhang", PASSWORD, "10.0.0.8", T0 + timedelta(seconds=930)) == "ok"
    with UnitOfWork(db) as uow:
        assert uow.session.scalar(select(func.count()).select_from(LoginThrottle)) == 1  # only 10.0.0.8's

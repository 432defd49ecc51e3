"""Session hot path: cost of checking a browser session, uncached and through the app.

    .venv/bin/python bench/sessions.py [--sessions 10000] [--lookups 2000] [--requests 2000]

On a fresh SQLite file with `--sessions` stored sessions: the mean time of one `resolve_session`
(the one indexed query a request pays when the actor cache misses), and of `GET /api/v1/me` carrying a
session cookie through the whole app (mostly answered by the actor cache), next to the same with a
bearer token. Prints figures; no targets are asserted.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from zhifa.config import Settings
from zhifa.identity.auth import create_token, resolve_token_until
from zhifa.identity.sessions import open_session, resolve_session
from zhifa.store.db import make_engine, make_session_factory
from zhifa.store.migrate import upgrade
from zhifa.store.models.identity import Agency, User, UserRole
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState


def main() -> None:
    """Seed, measure, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--lookups", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        settings = Settings(var_dir=Path(tmp) / "var", database_url=str(engine.url))
        with UnitOfWork(engine) as uow:
            agency = Agency(code="420000", name="湖北省局", level="province", division_code="420000",
                            docno_prefix="鄂市监", path="/420000/")  # fmt: skip
            user = User(username="bench", display_name="bench", agency=agency, password_hash="x",
                        created_at=datetime.now(UTC), roles=[UserRole(role="head")])  # fmt: skip
            uow.session.add(user)
            uow.commit()
            user_id = user.id
        tokens = [open_session(UnitOfWork(engine), user_id, settings=settings) for _ in range(args.sessions)]
        factory = make_session_factory(engine)
        bearer = create_token(UnitOfWork(engine), user_id, settings=settings).token
        start = time.perf_counter()
        for i in range(args.lookups):
            uow = UnitOfWork(engine, factory, read_only=True)
            assert resolve_session(uow, tokens[i % len(tokens)], settings=settings)
        lookup_us = (time.perf_counter() - start) / args.lookups * 1e6
        start = time.perf_counter()
        for _ in range(args.lookups):
            resolve_token_until(UnitOfWork(engine, factory, read_only=True), bearer)
        token_us = (time.perf_counter() - start) / args.lookups * 1e6
        app = create_app(settings)
        app.state.zhifa = AppState(settings=settings, engine=engine, session_factory=factory)
        figures = {}
        for name, kwargs in (
            ("session cookie", {"cookies": {"zhifa_session": tokens[0]}}),
            ("bearer token", {"headers": {"Authorization": f"Bearer {bearer}"}}),
        ):
            with TestClient(app, **kwargs) as client:  # type: ignore[arg-type]
                client.get("/api/v1/me")
                start = time.perf_counter()
                for _ in range(args.requests):
                    assert client.get("/api/v1/me").status_code == 200
                figures[name] = (time.perf_counter() - start) / args.requests * 1e3
        engine.dispose()
    print(f"stored sessions: {args.sessions}")
    print(f"resolve_session (uncached, one indexed query): {lookup_us:.0f} µs")
    print(f"resolve_token_until, for comparison: {token_us:.0f} µs")
    for name, ms in figures.items():
        print(f"GET /api/v1/me with a {name}: {ms:.2f} ms per request (TestClient, actor cache on)")


if __name__ == "__main__":
    main()

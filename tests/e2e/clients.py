"""TestClient access to the demo site for the fast page tests (tests/integration/test_pages_*.py)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from tests.e2e.site import PASSWORD, SECRET, Site, csrf_of, prepare_site, shared_site
from zhifa.config import Settings
from zhifa.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]


def real_data_dir() -> Path | None:
    """The real data directory when present (law pages need it), else None."""
    path = Path(os.environ.get("ZHIFA_DATA_DIR", ROOT / "var" / "data"))
    return path if (path / "laws").is_dir() else None


def site_settings(site: Site) -> Settings:
    """Settings of the app under test for this site."""
    return Settings(
        database_url=site.database_url,
        var_dir=Path(site.env["ZHIFA_VAR_DIR"]),
        data_dir=Path(site.env["ZHIFA_DATA_DIR"]),
        secret_key=SECRET,
        env="test",
    )


def make_client_factory(
    root: Path, *, own_site: bool = False
) -> tuple[Site, Callable[[str | None], TestClient]]:
    """The shared site (or, with `own_site`, a demo site of the module's own, without the law and precedent
    subsets, for tests that move demo cases on) and a factory of TestClients signed in as a user."""
    site = prepare_site(root, None) if own_site else shared_site(root, real_data_dir())
    app = create_app(site_settings(site))

    def client(username: str | None = None) -> TestClient:
        c = TestClient(app)
        if username is not None:
            login(c, username)
        return c

    return site, client


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form."""
    token = csrf_of(client.get("/login").text)
    resp = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text[:500]


def page_csrf(client: TestClient, path: str = "/") -> str:
    """The CSRF token of the signed-in session."""
    return csrf_of(client.get(path).text)

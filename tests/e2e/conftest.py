"""Browser tests: the demo site served by uvicorn, driven in Debian's chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.clients import real_data_dir
from tests.e2e.site import PASSWORD, Site, free_port, prepare_site, start_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = os.environ.get("ZHIFA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A fresh demo database for the browser tests (they change it: their own, not the TestClient one)."""
    return prepare_site(tmp_path_factory.mktemp("e2e-site"), real_data_dir())


@pytest.fixture(scope="session")
def base_url(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The running server's base URL."""
    port = free_port()
    proc = start_server(site, port, tmp_path_factory.mktemp("e2e-log") / "uvicorn.log")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian chromium (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        message = f"未找到 {CHROMIUM}：请安装 Debian 的 chromium（apt-get install -y chromium）"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _artifacts() -> None:
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)


class Session:
    """One browser context (its own cookies) with helpers: login, go, shot."""

    def __init__(self, browser: Any, base_url: str, phone: bool = False) -> None:
        options: dict[str, Any] = {"locale": "zh-CN", "viewport": {"width": 1366, "height": 860}}
        options["timezone_id"] = "Asia/Shanghai"
        if phone:
            options = {
                "locale": "zh-CN", "viewport": {"width": 390, "height": 844}, "is_mobile": True,
                "has_touch": True, "device_scale_factor": 2, "permissions": ["geolocation"],
                "geolocation": {"latitude": 30.5928, "longitude": 114.3055, "accuracy": 12},
                "timezone_id": "Asia/Shanghai",
            }  # fmt: skip
        self.context = browser.new_context(base_url=base_url, **options)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def login(self, username: str, password: str = PASSWORD) -> None:
        """Sign in through the form and land on the workbench."""
        self.page.goto("/login")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.base_url}/")

    def shot(self, name: str) -> None:
        """Keep a full-page screenshot in test-artifacts/e2e/."""
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        """Close the context."""
        self.context.close()


@pytest.fixture
def session(browser: Any, base_url: str) -> Iterator[Any]:
    """A factory of browser sessions (desktop or phone), closed after the test."""
    opened: list[Session] = []

    def make(phone: bool = False) -> Session:
        s = Session(browser, base_url, phone)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()

"""/docs works without the internet: Swagger UI comes from our origin, vendored with its licence."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from zhifa.config import Settings
from zhifa.web.app import create_app

VENDOR = Path(__file__).resolve().parents[2] / "src" / "zhifa" / "web" / "static" / "vendor"


def test_docs_load_every_file_from_our_origin(engine: Engine) -> None:
    client = TestClient(create_app(Settings(database_url=engine.url.render_as_string(hide_password=False))))
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "<script>" not in page.text  # no inline script: the start-up code is a static file
    for path in sources:
        assert client.get(path).status_code == 200, path
    assert (
        "validatorUrl: null" in client.get("/static/js/api-docs.js").text
    )  # no call to validator.swagger.io
    assert client.get("/openapi.json").json()["info"]["title"] == "zhifa 执法 API"
    assert client.get("/redoc").status_code == 404  # the CDN-only ReDoc page is not offered


def test_the_vendored_swagger_ui_keeps_its_licence() -> None:
    assert "Apache License" in (VENDOR / "swagger-ui.LICENSE.txt").read_text(encoding="utf-8")
    assert "swagger-ui-dist@5.35.0" in (VENDOR / "README.md").read_text(encoding="utf-8")

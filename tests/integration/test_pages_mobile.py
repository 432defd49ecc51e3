"""Phone pages (issue 21): installable (manifest, root-scoped service worker), the forms, CSRF refresh."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.e2e.clients import make_client_factory
from tests.e2e.site import USERS

Client = Callable[[str | None], TestClient]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    _, factory = make_client_factory(tmp_path_factory.mktemp("mobile-site"))
    return factory


def test_installable_manifest_and_root_scoped_service_worker(client: Client) -> None:
    anonymous = client(None)
    manifest = anonymous.get("/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.headers["content-type"] == "application/manifest+json"
    data = json.loads(manifest.text)
    assert data["start_url"] == "/m" and data["display"] == "standalone"
    assert {"192x192", "512x512"} <= {i["sizes"] for i in data["icons"]}
    for icon in data["icons"]:
        assert anonymous.get(icon["src"]).content.startswith(b"\x89PNG")
    worker = anonymous.get("/sw.js")
    assert worker.status_code == 200 and worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["service-worker-allowed"] == "/" and '"/m/penalty"' in worker.text


def test_pages_need_a_login(client: Client) -> None:
    assert client(None).get("/m/penalty", follow_redirects=False).status_code in (303, 401)


def test_penalty_page_shows_the_credentials_limits_and_partners(client: Client) -> None:
    page = client(USERS["handler"]).get("/m/penalty")
    assert page.status_code == 200
    assert 'rel="manifest"' in page.text and 'id="signature"' in page.text
    assert "执法证号" in page.text and "李" in page.text  # the second officer of 江岸
    assert "&#34;person&#34;: &#34;200&#34;" in page.text and "行政处罚法第六十八条第一项" in page.text
    # printing: the QR code by the printer's command, or as an image for printers without it
    assert "js/print_bt.js" in page.text and "data-print-qr" in page.text and 'value="raster"' in page.text


def test_record_page_lists_own_cases_with_their_version(client: Client) -> None:
    page = client(USERS["handler"]).get("/m/record")
    assert page.status_code == 200 and "data-version=" in page.text
    # 询问笔录: the person questioned's identity document number, shown only for that kind
    assert 'id="id-number-field" hidden' in page.text and 'name="id_number"' in page.text
    assert 'id="interviewee-fields" hidden' in page.text and 'name="phone"' in page.text


def test_a_cached_page_gets_a_fresh_csrf_token(client: Client) -> None:
    c = client(USERS["handler"])
    answer = c.get("/m/csrf")
    assert answer.status_code == 200 and answer.json()["csrf_token"]

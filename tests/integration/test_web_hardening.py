"""Issue 15 items 1, 5 and 7: evidence files that cannot run script, 4xx for bad input, scope and limits."""

from __future__ import annotations

import asyncio
import json
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.case_helpers import World, evidence_body, file_body, make_world
from tests.integration.identity_helpers import make_user
from zhifa.config import Settings
from zhifa.domain.actors import Actor
from zhifa.identity.auth import create_token
from zhifa.services.cases import china_today
from zhifa.store.db import make_session_factory
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script href="/x.js"/><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>fetch('/api/v1/me')</script></body></html>"


def png_bytes() -> bytes:
    """A real 1×1 PNG (signature, IHDR, IDAT, IEND with their CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))


def make_client(w: World, tmp_path: Any, **limits: Any) -> TestClient:
    settings = Settings(secret_key="test-secret-key", var_dir=tmp_path / "var", **limits)
    app = create_app(settings)
    factory = make_session_factory(w.engine)
    app.state.zhifa = AppState(settings=settings, engine=w.engine, session_factory=factory)
    return TestClient(app)


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


@pytest.fixture
def client(w: World, tmp_path: Any) -> TestClient:
    return make_client(w, tmp_path)


def auth(w: World, actor: Actor) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(UnitOfWork(w.engine), actor.user_id).token}"}


def filed_case(w: World, client: TestClient) -> str:
    today = china_today()
    case_id = w.clue(today - timedelta(days=2))
    body = {**file_body(w), "act_date": (today - timedelta(days=20)).isoformat()}
    assert (
        client.post(f"/api/v1/cases/{case_id}/actions/file", json=body, headers=auth(w, w.head)).status_code
        == 200
    )
    return case_id


# --- item 1: uploaded files --------------------------------------------------------------------------


def test_only_verified_images_and_pdf_are_shown_inline_everything_else_is_a_download(
    w: World, client: TestClient
) -> None:
    case_id = filed_case(w, client)
    h1 = auth(w, w.h1)
    uploads = [
        ("evil.svg", SVG, "image/svg+xml"),
        ("page.html", HTML, "text/html"),
        ("photo.png", HTML, "image/png"),  # HTML under an image name and type
        ('现场"照片\r\n.png', png_bytes(), "image/png"),
    ]
    stored = client.post(
        f"/api/v1/cases/{case_id}/files", files=[("files", u) for u in uploads], headers=h1
    ).json()["files"]
    for route in (f"/api/v1/cases/{case_id}/files/", f"/cases/{case_id}/files/"):
        answers = [client.get(route + f["sm3"], headers=h1) for f in stored]
        for answer in answers:
            assert answer.status_code == 200
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert "default-src 'none'" in answer.headers["content-security-policy"]
        for answer in answers[:3]:
            assert answer.headers["content-type"] == "application/octet-stream"
            assert answer.headers["content-disposition"].startswith("attachment;")
            assert "sandbox" in answer.headers["content-security-policy"]
        real = answers[3]
        assert real.headers["content-type"] == "image/png" and real.content == png_bytes()
        disposition = real.headers["content-disposition"]
        assert disposition.startswith("inline;") and "\r" not in disposition and "\n" not in disposition
        assert disposition.count('"') == 2 and "filename*=UTF-8''%E7%8E%B0%E5%9C%BA" in disposition


def test_download_names_are_safe_and_keep_their_chinese_in_rfc_5987() -> None:
    from zhifa.services.filetypes import content_disposition, safe_filename

    name = safe_filename('..\\dir/现场"照片\r\n;.png', "fallback")
    assert name == "现场_照片___.png"
    header = content_disposition("attachment", name)
    assert header == (
        "attachment; filename=\"________.png\"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA_%E7%85%A7%E7%89%87___.png"
    )
    assert safe_filename("../..", "abc") == "abc"


def test_sniffing_checks_headers_not_names() -> None:
    from zhifa.services.filetypes import sniff

    assert sniff(png_bytes()) == "image/png"
    broken = bytearray(png_bytes())
    broken[20] ^= 0xFF  # IHDR no longer matches its CRC
    assert sniff(bytes(broken)) is None
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00") == "image/jpeg"
    assert sniff(b"RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00" + b"\x00" * 14) == "image/webp"
    assert sniff(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n") == "application/pdf"
    assert sniff(b"%PDF-1.7 <html><script>") is None  # no end of file marker: not a PDF we show
    assert sniff(SVG) is None and sniff(HTML) is None and sniff(b"") is None


# --- item 7: scope, role and limits before the body ---------------------------------------------------


def _raw_post(client: TestClient, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bool]:
    """POST through the ASGI interface; returns (status, whether the app asked for the body)."""
    read = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        read = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    raw += [
        (b"content-type", b"multipart/form-data; boundary=xyz"),
        (b"content-length", str(len(body)).encode()),
    ]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "headers": raw, "client": ("t", 1),
        "server": ("testserver", 80), "root_path": "",
    }  # fmt: skip
    # a thread of its own: a browser test earlier in the session may leave an event loop running here
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, client.app(scope, receive, send)).result()  # type: ignore[arg-type]
    return status, read


def test_an_upload_outside_scope_or_role_is_refused_before_its_body_is_read(
    w: World, client: TestClient
) -> None:
    case_id = filed_case(w, client)
    body = b"--xyz\r\n" + b"x" * 100_000
    path = f"/api/v1/cases/{case_id}/files"
    assert _raw_post(client, path, auth(w, w.chibi_handler), body) == (404, False)  # other county
    assert _raw_post(client, path, auth(w, w.inspector), body) == (403, False)  # 纪检监察 writes nothing
    assert _raw_post(client, path, auth(w, w.h3), body) == (403, False)  # not a handler of this case
    assert _raw_post(client, path, {}, body) == (401, False)
    assert _raw_post(client, f"/api/v1/cases/{case_id}/evidence", auth(w, w.inspector), body) == (403, False)


def test_request_size_file_count_and_file_size_are_capped_with_413(w: World, tmp_path: Any) -> None:
    client = make_client(
        w, tmp_path, max_upload_files=2, max_file_bytes=1000, max_upload_bytes=6000, max_body_bytes=3000
    )
    case_id = filed_case(w, client)
    h1 = auth(w, w.h1)
    path = f"/api/v1/cases/{case_id}/files"
    three = [("files", (f"{i}.txt", b"x", "text/plain")) for i in range(3)]
    answer = client.post(path, files=three, headers=h1)
    assert answer.status_code == 413 and answer.json()["code"] == "too_many_files"
    big = client.post(path, files=[("files", ("a.txt", b"x" * 1001, "text/plain"))], headers=h1)
    assert big.status_code == 413 and big.json()["code"] == "file_too_large"
    huge = client.post(path, files=[("files", ("a.txt", b"x" * 7000, "text/plain"))], headers=h1)
    assert huge.status_code == 413 and huge.json()["code"] == "payload_too_large"
    assert "MB" in huge.json()["message"]
    long_json = client.post("/api/v1/cases", json={"summary": "x" * 4000}, headers=h1)
    assert long_json.status_code == 413 and long_json.json()["code"] == "payload_too_large"
    ok = client.post(path, files=[("files", ("a.txt", b"x" * 1000, "text/plain"))], headers=h1)
    assert ok.status_code == 201


def test_only_a_province_administrator_changes_the_holiday_table(w: World, client: TestClient) -> None:
    county = make_user(w.engine, "ja_admin", "420102", "admin")
    province = make_user(w.engine, "hb_admin", "420000", "admin")
    day = "2026-10-10"
    refused = client.put(
        f"/api/v1/calendar/overrides/{day}", json={"is_working_day": False}, headers=auth(w, county)
    )
    assert refused.status_code == 403 and refused.json()["code"] == "province_admin_only"
    assert client.delete(f"/api/v1/calendar/overrides/{day}", headers=auth(w, county)).status_code == 403
    done = client.put(
        f"/api/v1/calendar/overrides/{day}", json={"is_working_day": False}, headers=auth(w, province)
    )
    assert done.status_code == 200
    listed = client.get("/api/v1/calendar/overrides", headers=auth(w, county)).json()
    assert [i["date"] for i in listed["items"]] == [day]


# --- item 5: 4xx, never 5xx ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/api/v1/users/2147483648", {}),
        ("get", "/api/v1/users/9223372036854775808", {}),
        ("get", "/api/v1/cases", {"params": {"page": str(2**63)}}),
        ("get", "/api/v1/cases", {"params": {"handler": str(2**40)}}),
        ("delete", "/api/v1/auth/tokens/99999999999999999999", {}),
        ("get", "/api/v1/laws/2147483648/versions", {}),
    ],
)
def test_integers_beyond_the_id_columns_are_a_422(
    w: World, client: TestClient, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    answer = client.request(method.upper(), path, headers=auth(w, w.head), **kwargs)
    assert answer.status_code == 422 and answer.json()["code"] == "number_out_of_range", answer.text


def test_id_lists_and_huge_numbers_in_bodies_are_a_422(w: World, client: TestClient) -> None:
    case_id = w.clue(china_today())
    body = {**file_body(w), "handler_ids": [w.h1.user_id, 2**40]}
    answer = client.post(f"/api/v1/cases/{case_id}/actions/file", json=body, headers=auth(w, w.head))
    assert answer.status_code == 422
    body = {**file_body(w), "handler_ids": [w.h1.user_id, 2**64]}
    answer = client.post(f"/api/v1/cases/{case_id}/actions/file", json=body, headers=auth(w, w.head))
    assert answer.status_code == 422 and answer.json()["code"] == "number_out_of_range"
    days = {"reason": "需要补充调查", "days": 10**30}
    extend = client.post(
        f"/api/v1/cases/{case_id}/actions/extend-clue-check", json=days, headers=auth(w, w.head)
    )
    assert extend.status_code == 422


def test_nul_characters_are_a_422_everywhere_login_included(w: World, client: TestClient) -> None:
    login = client.post("/api/v1/auth/login", json={"username": "ja_h1\x00", "password": "x"})
    assert login.status_code == 422 and login.json()["code"] == "nul_character"
    h = auth(w, w.h1)
    assert (
        client.get("/api/v1/cases", params={"party_code": "a\x00b"}, headers=h).json()["code"]
        == "nul_character"
    )
    assert client.get("/api/v1/cases/ab%00cd", headers=h).status_code == 422
    clue = {"source": "complaint", "discovered_on": china_today().isoformat(), "summary": "过期\x00食品"}
    answer = client.post("/api/v1/cases", json=clue, headers=h)
    assert answer.status_code == 422 and answer.json()["code"] == "nul_character"
    page = client.get("/cases", params={"party_code": "\x00"}, headers=h)
    assert page.status_code == 422 and "空字符" in page.text


def test_multipart_bodies_on_routes_without_uploads_are_checked_too(w: World, client: TestClient) -> None:
    h = auth(w, w.h1)
    clue = {"source": "complaint", "discovered_on": china_today().isoformat(), "summary": "过期\x00食品"}
    page = client.post("/clues", data=clue, files=[("x", ("a.txt", b"a", "text/plain"))], headers=h)
    assert 400 <= page.status_code < 500  # no files taken here, and no NUL character stored
    text_only = client.post("/clues", files={"summary": (None, "过期\x00食品")}, headers=h)
    assert text_only.status_code == 422 and "空字符" in text_only.text
    api = client.post("/api/v1/cases", files=[("x", ("a.txt", b"a", "text/plain"))], headers=h)
    assert 400 <= api.status_code < 500


def test_multipart_data_must_be_a_json_object(w: World, client: TestClient) -> None:
    case_id = filed_case(w, client)
    for data in ("[1, 2]", '"text"', "3", "{not json"):
        answer = client.post(f"/api/v1/cases/{case_id}/evidence", data={"data": data}, headers=auth(w, w.h1))
        assert answer.status_code == 422 and answer.json()["code"] == "data_not_object", data
    evidence = evidence_body(w, china_today())
    evidence["item"]["title"] = "笔录\x00"
    answer = client.post(
        f"/api/v1/cases/{case_id}/evidence", data={"data": json.dumps(evidence)}, headers=auth(w, w.h1)
    )
    assert answer.status_code == 422 and answer.json()["code"] == "nul_character"


def test_a_year_without_holiday_data_is_a_422_not_a_server_error(w: World, client: TestClient) -> None:
    h = auth(w, w.h1)
    answer = client.get("/api/v1/calendar/add-working-days", params={"date": "2099-12-20", "n": 5}, headers=h)
    assert answer.status_code == 422 and answer.json()["code"] == "unknown_calendar_year"
    assert "2099" in answer.json()["message"] or "2100" in answer.json()["message"]
    day = client.get("/api/v1/calendar/is-working-day", params={"date": "2099-06-01"}, headers=h)
    assert day.status_code == 422 and day.json()["code"] == "unknown_calendar_year"

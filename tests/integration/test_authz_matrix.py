"""Authorization matrix generated from the OpenAPI: every role × every operation × in scope / out / missing.

Each operation of the API must be classified in EXPECT (a new endpoint fails this test until it is), and
for each role the test checks: a resource outside the caller's subtree gets exactly the answer of one
that does not exist (status and code: nothing leaks), roles without the right are refused with 403,
unauthenticated calls get 401, and 纪检监察 (inspector) is refused every write and changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.integration.case_helpers import ORG, World, file_body, make_world
from tests.integration.identity_helpers import make_user
from zhifa.config import Settings
from zhifa.identity.auth import create_token
from zhifa.services.cases import china_today
from zhifa.store.db import make_session_factory
from zhifa.store.models import (
    ApiToken,
    CalendarOverride,
    CaseRow,
    EvidenceFile,
    IssuedDocNumber,
    LedgerRecord,
    User,
)
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

ROLES = ("handler", "reviewer", "head", "inspector", "admin")
ALL = frozenset(ROLES)
VIEWERS = frozenset({"head", "inspector", "admin"})  # zhifa.identity.users.VIEW_ROLES
WRITERS = ALL - {"inspector"}


@dataclass(frozen=True)
class Expect:
    """How an operation is guarded: who may call it, whether it writes, which path parameter is scoped."""

    allowed: frozenset[str] = ALL  # roles that pass the role check (others: 403)
    writes: bool = False  # a write: 纪检监察 is refused (403) and nothing changes
    scoped: str | None = None  # the path parameter naming a resource inside or outside the subtree
    public: bool = False  # answered without authentication


CASE_WRITE = Expect(allowed=WRITERS, writes=True, scoped="case_id")
CASE_READ = Expect(scoped="case_id")
USER_ADMIN = Expect(allowed=frozenset({"admin"}), writes=True, scoped="user_id")
EXPECT: dict[tuple[str, str], Expect] = {
    ("GET", "/healthz"): Expect(public=True),
    ("GET", "/api/v1/cases"): Expect(),
    ("POST", "/api/v1/cases"): Expect(allowed=WRITERS, writes=True),
    ("POST", "/api/v1/cases/summary-penalty"): Expect(allowed=WRITERS, writes=True),
    ("GET", "/api/v1/cases/{case_id}"): CASE_READ,
    ("GET", "/api/v1/cases/{case_id}/timeline"): CASE_READ,
    ("POST", "/api/v1/cases/{case_id}/files"): CASE_WRITE,
    ("POST", "/api/v1/cases/{case_id}/evidence"): CASE_WRITE,
    ("GET", "/api/v1/cases/{case_id}/files/{sm3}"): CASE_READ,
    ("POST", "/api/v1/cases/{case_id}/onsite-records"): CASE_WRITE,
    # outside the subtree a party's public decisions are shown on purpose (ADR 0007): not a scoped resource
    ("GET", "/api/v1/parties/{code}/prior-violations"): Expect(),
    ("GET", "/api/v1/agencies"): Expect(),
    ("GET", "/api/v1/agencies/{code}"): Expect(scoped="code"),
    ("POST", "/api/v1/auth/login"): Expect(public=True),
    # authenticated by a source system's X-Api-Key, not a user (401 and no change: test_intake_api.py)
    ("POST", "/api/v1/intake/clues"): Expect(public=True),
    ("GET", "/api/v1/intake/clues/{clue_id}"): Expect(public=True),
    # public verification of a document by its SM3 (rate-limited, nothing personal: test_verify_public)
    ("GET", "/api/v1/verify/{sm3}"): Expect(public=True),
    # the market-entity registry is public register data, read by every role (issue 18 part 2)
    ("GET", "/api/v1/registry"): Expect(),
    ("GET", "/api/v1/registry/{uscc}"): Expect(),
    ("GET", "/api/v1/registry/check/{uscc}"): Expect(),
    ("GET", "/api/v1/registry/persons/{id_number}"): Expect(),
    ("POST", "/api/v1/auth/logout"): Expect(),
    ("GET", "/api/v1/me"): Expect(),
    ("GET", "/api/v1/auth/tokens"): Expect(),
    # 纪检监察 makes no token of its own, nor revokes one: an administrator issues them (issue 15 item 7)
    ("POST", "/api/v1/auth/tokens"): Expect(allowed=WRITERS, writes=True),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): Expect(allowed=WRITERS, writes=True, scoped="token_id"),
    # one's own password: account hygiene, not case data — an inspector must be able to rotate it
    ("POST", "/api/v1/auth/password"): Expect(),
    ("GET", "/api/v1/laws"): Expect(),
    ("GET", "/api/v1/laws/{law_id}/versions"): Expect(),
    ("GET", "/api/v1/laws/{law_id}/articles/{number}"): Expect(),
    ("GET", "/api/v1/law/search"): Expect(),
    ("POST", "/api/v1/law/cite"): Expect(),  # a computation: writes nothing
    ("GET", "/api/v1/users"): Expect(allowed=VIEWERS),
    ("GET", "/api/v1/stats/summary"): Expect(allowed=VIEWERS),
    ("GET", "/api/v1/stats/breakdown"): Expect(allowed=VIEWERS),
    ("GET", "/api/v1/stats/export.xlsx"): Expect(allowed=VIEWERS),
    ("POST", "/api/v1/users"): Expect(allowed=frozenset({"admin"}), writes=True),
    ("GET", "/api/v1/users/{user_id}"): Expect(allowed=VIEWERS, scoped="user_id"),
    ("PATCH", "/api/v1/users/{user_id}"): USER_ADMIN,
    ("PUT", "/api/v1/users/{user_id}/password"): USER_ADMIN,
    ("POST", "/api/v1/users/{user_id}/tokens"): USER_ADMIN,
    ("GET", "/api/v1/users/{user_id}/tokens"): Expect(allowed=frozenset({"admin"}), scoped="user_id"),
    ("GET", "/api/v1/deadlines"): Expect(),
    ("GET", "/api/v1/calendar/overrides"): Expect(),
    # province-wide table: a county administrator is refused too (issue 15 item 7)
    ("PUT", "/api/v1/calendar/overrides/{day}"): Expect(allowed=frozenset(), writes=True),
    ("DELETE", "/api/v1/calendar/overrides/{day}"): Expect(allowed=frozenset(), writes=True),
    ("GET", "/api/v1/calendar/years"): Expect(),
    ("PUT", "/api/v1/calendar/years/{year}"): Expect(allowed=frozenset(), writes=True),
    ("DELETE", "/api/v1/calendar/years/{year}"): Expect(allowed=frozenset(), writes=True),
    ("POST", "/api/v1/cases/{case_id}/signoff-check"): Expect(scoped="case_id"),  # a preview: writes nothing
    ("GET", "/api/v1/calendar/add-working-days"): Expect(),
    ("GET", "/api/v1/calendar/is-working-day"): Expect(),
    ("GET", "/api/v1/precedents/search"): Expect(),
    ("POST", "/api/v1/precedents/similar"): Expect(),
    ("GET", "/api/v1/precedents/{docid}"): Expect(),
    ("POST", "/api/v1/assist"): Expect(),
    ("GET", "/api/v1/document-kinds"): Expect(),
    ("GET", "/api/v1/documents/search"): Expect(),  # filtered to the caller's subtree inside
    ("GET", "/api/v1/cases/{case_id}/documents"): CASE_READ,
    ("POST", "/api/v1/cases/{case_id}/documents"): CASE_WRITE,
    ("GET", "/api/v1/cases/{case_id}/documents/{doc}"): CASE_READ,
    ("GET", "/api/v1/cases/{case_id}/dossier"): CASE_READ,
    ("GET", "/api/v1/cases/{case_id}/dossier/export"): CASE_READ,
    ("POST", "/api/v1/cases/{case_id}/dossier/items/{item_seq}/rename"): CASE_WRITE,
    # 类案同罚 for the 统计 roles, the 纪检 view for the inspector only; `agency` outside the subtree → 404
    ("GET", "/api/v1/stats/consistency"): Expect(allowed=VIEWERS),
    ("GET", "/api/v1/stats/consistency/export.xlsx"): Expect(allowed=VIEWERS),
    ("GET", "/api/v1/stats/supervision"): Expect(allowed=frozenset({"inspector"})),
    ("GET", "/api/v1/stats/supervision/ledger"): Expect(allowed=frozenset({"inspector"})),
    ("GET", "/api/v1/stats/supervision/export.xlsx"): Expect(allowed=frozenset({"inspector"})),
    ("POST", "/api/v1/dossier/verify"): Expect(),  # checks an uploaded bundle: writes nothing
}
# refusals for the role as such (a case action's own rules may still refuse an allowed role, e.g. 审核)
ROLE_REFUSALS = frozenset({"read_only_role", "role_required", "permission_denied", "admin_only"})
CASE_ACTION_PREFIX = "/api/v1/cases/{case_id}/actions/"


def expectation(method: str, path: str) -> Expect | None:
    """The classification of an operation (every case action is a case write)."""
    if method == "POST" and path.startswith(CASE_ACTION_PREFIX):
        return CASE_WRITE
    return EXPECT.get((method, path))


@dataclass
class Site:
    client: TestClient
    world: World
    headers: dict[str, dict[str, str]]
    targets: dict[str, dict[str, Any]]  # in / out / missing → path parameter values
    spare_tokens: dict[str, int]


def _upload(client: TestClient, case_id: str, headers: dict[str, str]) -> str:
    files = [("files", ("invoice.pdf", b"%PDF-1.4 x %%EOF", "application/pdf"))]
    answer = client.post(f"/api/v1/cases/{case_id}/files", files=files, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["files"][0]["sm3"])


@pytest.fixture
def site(engine: Engine, tmp_path: Any) -> Site:
    w = make_world(engine)
    admin = make_user(engine, "ja_admin", "420102", "admin")
    settings = Settings(secret_key="matrix-secret", var_dir=tmp_path / "var", env="test")
    app = create_app(settings)
    app.state.zhifa = AppState(settings=settings, engine=engine, session_factory=make_session_factory(engine))
    client = TestClient(app)
    actors = {
        "handler": w.h1,
        "reviewer": w.reviewer,
        "head": w.head,
        "inspector": w.inspector,
        "admin": admin,
    }

    def token(user_id: int) -> Any:
        return create_token(UnitOfWork(engine), user_id, label="matrix")

    headers = {role: {"Authorization": f"Bearer {token(a.user_id).token}"} for role, a in actors.items()}
    spare = {role: token(a.user_id).id for role, a in actors.items()}
    today = china_today()
    body = {**file_body(w), "act_date": (today - timedelta(days=20)).isoformat()}
    inside = w.clue(today - timedelta(days=2))
    assert (
        client.post(f"/api/v1/cases/{inside}/actions/file", json=body, headers=headers["head"]).status_code
        == 200
    )
    sm3 = _upload(client, inside, {"Authorization": f"Bearer {token(w.h1.user_id).token}"})
    outside = w.clue(today - timedelta(days=2), who=w.chibi_handler)
    other_token = token(w.chibi_handler.user_id)
    chibi = {
        **body, "handler_ids": [w.chibi_handler.user_id],
    }  # fmt: skip
    chibi_head = {"Authorization": f"Bearer {token(w.chibi_head.user_id).token}"}
    client.post(f"/api/v1/cases/{outside}/actions/file", json=chibi, headers=chibi_head)
    targets = {
        "in": {"case_id": inside, "sm3": sm3, "user_id": w.h2.user_id, "code": "420102"},
        "out": {"case_id": outside, "sm3": sm3, "user_id": w.chibi_handler.user_id, "code": "421281",
                "token_id": other_token.id},
        "missing": {"case_id": uuid.uuid4().hex, "sm3": "1" * 64, "user_id": 999_999, "code": "999999",
                    "token_id": 999_999},
    }  # fmt: skip
    return Site(client, w, headers, targets, spare)


FIXED = {
    "law_id": 1,
    "number": 1,
    "docid": "none",
    "day": "2026-10-10",
    "doc": "1",
    "item_seq": 1,
    "year": 2031,
    "uscc": "91110000600037341L",
    "id_number": "11010519491231002X",
}


def _request(site: Site, method: str, path: str, role: str | None, target: str) -> tuple[int, Any]:
    values = {**FIXED, **site.targets[target]}
    if target == "in":
        values["token_id"] = site.spare_tokens[role] if role else 999_999
    url = path.format(**{k: v for k, v in values.items() if "{" + k + "}" in path})
    headers = site.headers[role] if role else {}
    today = china_today().isoformat()
    kwargs: dict[str, Any] = {"json": {}}
    if path.endswith(("/files", "/evidence")):
        data = {"data": '{"item": {"kind": "record", "title": "t"}}'}
        kwargs = {"files": [("files", ("a.txt", b"a", "text/plain"))], "data": data}
    elif path == "/api/v1/cases":
        kwargs = {"json": {"source": "complaint", "discovered_on": today, "summary": "投诉", "party": ORG}}
    elif path.startswith("/api/v1/calendar/overrides/"):
        kwargs = {"json": {"is_working_day": False}}
    elif path == "/api/v1/users":
        user = {"username": f"u{uuid.uuid4().hex[:8]}", "display_name": "新用户", "agency_code": "420102"}
        kwargs = {"json": {**user, "roles": ["handler"], "password": "Abcdefgh2026x"}}
    answer = site.client.request(method, url, headers=headers, **kwargs if method != "GET" else {})
    assert answer.status_code < 500, f"{role} {method} {url}: {answer.status_code} {answer.text[:300]}"
    try:
        code = (
            answer.json().get("code")
            if answer.headers.get("content-type", "").startswith("application/json")
            else None
        )
    except (ValueError, AttributeError):
        code = None
    return answer.status_code, code


def _counts(w: World) -> tuple[int, ...]:
    with w.uow() as uow:
        s = uow.session
        return tuple(
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (
                LedgerRecord,
                CaseRow,
                IssuedDocNumber,
                EvidenceFile,
                User,
                CalendarOverride,
                ApiToken,
            )
        )


def test_every_operation_is_classified_and_guarded(site: Site) -> None:
    spec = site.client.get("/openapi.json").json()
    operations = [(m.upper(), p) for p, ops in spec["paths"].items() for m in ops]
    unclassified = [f"{m} {p}" for m, p in operations if expectation(m, p) is None]
    assert not unclassified, f"新接口须在 EXPECT 中登记其授权预期：{unclassified}"
    stale = [k for k in EXPECT if k not in operations]
    assert not stale, f"EXPECT 中有已不存在的接口：{stale}"
    problems: list[str] = []
    for method, path in operations:
        expect = expectation(method, path)
        assert expect is not None
        if expect.public:
            continue
        status, _ = _request(site, method, path, None, "in")
        if status != 401:
            problems.append(f"未登录 {method} {path} → {status}（应为 401）")
        for role in ROLES:
            if role == "inspector" and expect.writes:
                continue  # below, with the proof that nothing changed
            inside = _request(site, method, path, role, "in")
            if role not in expect.allowed and inside[0] != 403:
                problems.append(f"{role} {method} {path} → {inside}（应为 403）")
            if role in expect.allowed and (inside[0] == 401 or inside[1] in ROLE_REFUSALS):
                problems.append(f"{role} {method} {path} → {inside}（该角色应可访问）")
            if expect.scoped:
                out = _request(site, method, path, role, "out")
                missing = _request(site, method, path, role, "missing")
                if out != missing or (role in expect.allowed and out[0] != 404):
                    problems.append(f"{role} {method} {path}：范围外 {out} 与不存在 {missing} 应同为 404")
    assert not problems, "\n".join(problems)


def test_the_inspector_is_refused_every_write_and_changes_nothing(site: Site) -> None:
    spec = site.client.get("/openapi.json").json()
    before = _counts(site.world)
    problems = []
    for path, ops in spec["paths"].items():
        for method in ops:
            expect = expectation(method.upper(), path)
            if expect is None or not expect.writes:
                continue
            for target in ("in", "out", "missing") if expect.scoped else ("in",):
                status, code = _request(site, method.upper(), path, "inspector", target)
                wanted = 403 if target == "in" else 404
                if status != wanted:
                    problems.append(
                        f"纪检监察 {method.upper()} {path} [{target}] → {status} {code}（应为 {wanted}）"
                    )
    assert not problems, "\n".join(problems)
    assert _counts(site.world) == before

"""Schemathesis against the app's OpenAPI: no input, valid or not, may give a server error (issue 15 item 5).

Bounded: a fixed number of examples per operation and generation mode, a deterministic seed (derandomize)
and a time cap for the whole run. Runs on the database under test (SQLite; PostgreSQL with
ZHIFA_TEST_DATABASE_URL), signed in with a bearer token of a user holding every role at the province
bureau, over a small world with real cases, an evidence file, users and tokens; every operation is run
once with generated path parameters and once with those of real rows.
"""

from __future__ import annotations

import contextlib
import time
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from sqlalchemy import Engine

from tests.integration.case_helpers import evidence_body, file_body, make_world
from tests.integration.identity_helpers import make_user
from zhifa.config import Settings
from zhifa.identity.auth import create_token
from zhifa.services.cases import china_today
from zhifa.store.db import make_session_factory
from zhifa.store.uow import UnitOfWork
from zhifa.web.app import create_app
from zhifa.web.state import AppState

EXAMPLES = 8  # per operation, generation mode and kind of path parameters
TIME_CAP = 240.0  # seconds for the whole run; the operations not reached are reported, not passed


def _app_with_world(engine: Engine, var_dir: Any) -> tuple[Any, dict[str, str], dict[str, Any]]:
    w = make_world(engine)
    broad = make_user(
        engine, "fuzz_all", "420000", "handler", "reviewer", "head", "admin",
        display_name="全权测试", legal_qualification=True,
    )  # fmt: skip
    settings_ = Settings(secret_key="fuzz-secret-key", var_dir=var_dir, env="test")
    app = create_app(settings_)
    factory = make_session_factory(engine)
    app.state.zhifa = AppState(settings=settings_, engine=engine, session_factory=factory)
    token = create_token(UnitOfWork(engine), broad.user_id, label="fuzz").token
    spare = create_token(UnitOfWork(engine), w.h1.user_id, label="spare")
    headers = {"Authorization": f"Bearer {token}"}
    today = china_today()
    client = TestClient(app)
    clue = w.clue(today - timedelta(days=3))
    filed = w.clue(today - timedelta(days=3))
    body = {**file_body(w), "act_date": (today - timedelta(days=20)).isoformat()}
    assert client.post(f"/api/v1/cases/{filed}/actions/file", json=body, headers=headers).status_code == 200
    h1 = {"Authorization": f"Bearer {create_token(UnitOfWork(engine), w.h1.user_id).token}"}
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    files = [("files", ("a.png", png, "image/png"))]
    up = client.post(f"/api/v1/cases/{filed}/files", files=files, headers=h1)
    assert up.status_code == 201, up.text
    evidence = evidence_body(w, today)
    evidence["item"]["file_sm3"] = [up.json()["files"][0]["sm3"]]
    added = client.post(f"/api/v1/cases/{filed}/actions/add-evidence", json=evidence, headers=h1)
    assert added.status_code == 200, added.text
    real = {
        "case_id": filed,
        "sm3": up.json()["files"][0]["sm3"],
        "user_id": w.h1.user_id,
        "token_id": spare.id,
        "code": "420102",
        "day": today.isoformat(),
        "law_id": 1,
        "number": 1,
        "docid": "x",
    }
    real["clue"] = clue
    return app, headers, real


def test_no_server_error_for_any_generated_request(engine: Engine, tmp_path: Any) -> None:
    app, headers, real = _app_with_world(engine, tmp_path / "var")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    statuses: dict[int, int] = {}
    reached = 0
    started = time.monotonic()
    operations = [r.ok() for r in schema.get_all_operations()]
    for operation in operations:
        if time.monotonic() - started > TIME_CAP:
            break
        reached += 1
        names = [p.name for p in operation.path_parameters]
        fixed_sets = [None, {n: real[n] for n in names if n in real}] if names else [None]
        for fixed in fixed_sets:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategy = operation.as_strategy(generation_mode=mode, headers=headers, path_parameters=fixed)

                @settings(
                    max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                    phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                )  # fmt: skip
                @given(case=strategy)
                def run(case: Any) -> None:
                    response = case.call()
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    if response.status_code >= 500:
                        failures.append(
                            f"{case.method} {case.formatted_path} → {response.status_code}: "
                            f"query={case.query!r} body={str(case.body)[:200]!r} {response.text[:200]}"
                        )

                with contextlib.suppress(Unsatisfiable):  # nothing to make invalid (no parameters)
                    run()
    print(f"schemathesis: {sum(statuses.values())} requests, statuses {sorted(statuses.items())}")
    assert not failures, "\n".join(failures[:20])
    assert statuses.get(200, 0) + statuses.get(201, 0) > 50, statuses  # real rows were reached
    if reached < len(operations):
        pytest.fail(f"时间上限内只测试了 {reached}/{len(operations)} 个接口")

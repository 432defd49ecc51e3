"""`@on_event_loop`: a synchronous endpoint runs on the worker's event loop, with its own signature."""

from __future__ import annotations

import threading

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from zhifa.web.inline import on_event_loop


class Fine(BaseModel):
    amount: int


def officer() -> str:
    return "办案人员甲"


def build() -> FastAPI:
    app = FastAPI()

    @app.post("/marked/{case_id}")
    @on_event_loop
    def marked(case_id: str, body: Fine, who: str = Depends(officer)) -> dict[str, object]:
        """Marked endpoint."""
        return {"case": case_id, "amount": body.amount, "who": who, "thread": threading.get_ident()}

    @app.post("/pooled")
    def pooled(body: Fine) -> dict[str, object]:
        return {"amount": body.amount, "thread": threading.get_ident()}

    return app


def test_marked_endpoint_runs_on_the_loop_thread_and_a_plain_one_in_the_pool() -> None:
    with TestClient(build()) as client:
        loop_thread = client.portal.call(threading.get_ident)
        marked = client.post("/marked/A1", json={"amount": 5000})
        pooled = client.post("/pooled", json={"amount": 5000})
    assert marked.status_code == 200
    assert marked.json() == {"case": "A1", "amount": 5000, "who": "办案人员甲", "thread": loop_thread}
    assert pooled.json()["thread"] != loop_thread


def test_marked_endpoint_keeps_its_parameters_validation_and_documentation() -> None:
    client = TestClient(build())
    refused = client.post("/marked/A1", json={"amount": "五千"})
    assert refused.status_code == 422  # the body model still validates
    operation = client.get("/openapi.json").json()["paths"]["/marked/{case_id}"]["post"]
    assert operation["summary"] == "Marked"
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/Fine")
    assert [p["name"] for p in operation["parameters"]] == ["case_id"]

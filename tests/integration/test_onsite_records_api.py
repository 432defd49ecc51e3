"""Phone records synced from the device (issue 21): Idempotency-Key makes a resync create nothing twice,
If-Match makes a draft written against an older case version a 409 shown to the officer."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi.testclient import TestClient

from tests.integration import onsite_helpers
from tests.integration.case_helpers import World, evidence_body, file_body
from tests.integration.onsite_helpers import auth
from zhifa.demo.signature import demo_signature_png
from zhifa.services.cases import china_today

w = onsite_helpers.w  # fixtures shared with the other phone-sync tests
client = onsite_helpers.client


def filed_case(w: World) -> str:
    today = china_today()
    case_id = w.clue(today)
    w.do(w.head, case_id, "file", file_body(w), today)
    return case_id


def record(w: World, kind: str = "onsite") -> dict[str, Any]:
    return {
        "kind": kind,
        "place": "江岸区台北路12号某超市",
        "started_at": f"{china_today()}T09:30:00",
        "present": "店长王某",
        "content": "货架上有3种预包装食品超过保质期，共12件。",
        "latitude": 30.6055,
        "longitude": 114.3020,
        "accuracy": 12,
        "co_handler_id": w.h2.user_id,
        "photos": [{"taken_at": f"{china_today()}T09:41:05", "latitude": 30.60551, "longitude": 114.30203}],
    }


def post(client: TestClient, case_id: str, data: dict[str, Any], headers: dict[str, str]) -> Any:
    files = [("photos", ("IMG_0001.png", demo_signature_png(), "image/png"))]
    return client.post(
        f"/api/v1/cases/{case_id}/onsite-records",
        data={"data": json.dumps(data)},
        files=files,
        headers=headers,
    )


def evidence_of(client: TestClient, case_id: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    return client.get(f"/api/v1/cases/{case_id}", headers=headers).json()["evidence"]


def test_a_resync_with_the_same_key_adds_the_record_once(w: World, client: TestClient) -> None:
    case_id = filed_case(w)
    version = client.get(f"/api/v1/cases/{case_id}", headers=auth(w, w.h1)).json()["case"]["last_seq"]
    headers = auth(w, w.h1, **{"Idempotency-Key": str(uuid.uuid4()), "If-Match": f'"{version}"'})
    first = post(client, case_id, record(w), headers)
    assert first.status_code == 201, first.text
    again = post(client, case_id, record(w), headers)  # the answer was lost: the phone sends it again
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    (item,) = evidence_of(client, case_id, auth(w, w.h1))
    assert item["kind"] == "record" and item["title"].startswith("现场笔录")
    text_file, photo = item["files"]
    text = client.get(f"/api/v1/cases/{case_id}/files/{text_file['sm3']}", headers=auth(w, w.h1)).text
    assert (
        "纬度 30.605500，经度 114.302000" in text and f"IMG_0001.png：拍摄于 {china_today()} 09:41:05" in text
    )
    assert photo["filename"] == "IMG_0001.png"


def test_a_case_that_moved_meanwhile_is_a_conflict_and_nothing_is_written(
    w: World, client: TestClient
) -> None:
    case_id = filed_case(w)
    stale = client.get(f"/api/v1/cases/{case_id}", headers=auth(w, w.h1)).json()["case"]["last_seq"]
    w.do(w.h2, case_id, "add-evidence", {**evidence_body(w, china_today()), "co_handler_id": w.h1.user_id},
         china_today())  # fmt: skip
    answer = post(client, case_id, record(w, "inquiry"), auth(w, w.h1, **{"If-Match": f'"{stale}"'}))
    assert answer.status_code == 409 and answer.json()["code"] == "case_changed"
    details = answer.json()["details"]
    assert details["expected_version"] == stale and details["current_version"] == stale + 1
    assert len(evidence_of(client, case_id, auth(w, w.h1))) == 1  # only the other officer's
    fresh = post(client, case_id, record(w, "inquiry"), auth(w, w.h1, **{"If-Match": str(stale + 1)}))
    assert fresh.status_code == 201, fresh.text
    assert evidence_of(client, case_id, auth(w, w.h1))[-1]["kind"] == "party_statement"


def test_bad_if_match_and_outsiders(w: World, client: TestClient) -> None:
    case_id = filed_case(w)
    assert (
        post(client, case_id, record(w), auth(w, w.h1, **{"If-Match": "abc"})).json()["code"]
        == "bad_if_match"
    )
    assert post(client, case_id, record(w), auth(w, w.chibi_handler)).status_code == 404
    assert post(client, case_id, {**record(w), "content": ""}, auth(w, w.h1)).status_code == 422

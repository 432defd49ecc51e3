"""Phone records synced from the device (issue 21): a 现场笔录 or 询问笔录 is the same signed `inspect-site` /
`inquiry` record the case page makes (same checks), with its photos as evidence in the same write, so its
笔录 can be issued; Idempotency-Key makes a resync create nothing twice, If-Match makes a draft written
against an older case version a 409 shown to the officer."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi.testclient import TestClient

from tests.integration import onsite_helpers
from tests.integration.case_helpers import World, evidence_body, file_body
from tests.integration.document_helpers import docx_text
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
        "ended_at": f"{china_today()}T10:15:00",
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
    assert [a["type"] for a in first.json()["appended"]] == ["SiteInspected", "EvidenceAdded"]
    detail = client.get(f"/api/v1/cases/{case_id}", headers=auth(w, w.h1)).json()
    assert [t["type"] for t in detail["timeline"]].count("SiteInspected") == 1  # once, though sent twice
    (item,) = detail["evidence"]
    assert item["kind"] == "audiovisual" and item["title"].startswith("现场笔录附现场照片")
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
    assert [a["type"] for a in fresh.json()["appended"]] == ["InquiryRecorded", "EvidenceAdded"]


def test_bad_if_match_and_outsiders(w: World, client: TestClient) -> None:
    case_id = filed_case(w)
    assert (
        post(client, case_id, record(w), auth(w, w.h1, **{"If-Match": "abc"})).json()["code"]
        == "bad_if_match"
    )
    assert post(client, case_id, record(w), auth(w, w.chibi_handler)).status_code == 404
    assert post(client, case_id, {**record(w), "content": ""}, auth(w, w.h1)).status_code == 422


def _bare(client: TestClient, case_id: str, data: dict[str, Any], headers: dict[str, str]) -> Any:
    """A record without photos."""
    return client.post(
        f"/api/v1/cases/{case_id}/onsite-records", data={"data": json.dumps(data)}, headers=headers
    )


def test_a_phone_site_record_is_the_signed_inspect_site_record_and_its_document_issues(
    w: World, client: TestClient
) -> None:
    case_id = filed_case(w)
    body = {**record(w), "photos": []}
    done = _bare(client, case_id, body, auth(w, w.h1, **{"Idempotency-Key": str(uuid.uuid4())}))
    assert done.status_code == 201, done.text
    (appended,) = done.json()["appended"]
    assert appended["type"] == "SiteInspected" and appended["signed"]
    detail = client.get(f"/api/v1/cases/{case_id}", headers=auth(w, w.h1)).json()
    (site,) = [t for t in detail["timeline"] if t["type"] == "SiteInspected"]
    p = site["payload"]
    assert site["seq"] == appended["seq"] and site["verified"] and site["by_name"] == "张伟"
    assert (p["place"], p["inspected_on"], p["start"], p["end"]) == (
        "江岸区台北路12号某超市", str(china_today()), "09:30", "10:15"
    )  # fmt: skip
    assert p["present"] == "店长王某" and p["findings"] == "货架上有3种预包装食品超过保质期，共12件。"
    assert p["location"] == "纬度 30.605500，经度 114.302000，精度约 12 米"  # the phone's position, signed
    assert [o["user_id"] for o in p["officers"]] == [w.h1.user_id, w.h2.user_id]
    assert all(o["credential_no"] for o in p["officers"]) and detail["evidence"] == []
    listing = client.get(f"/api/v1/cases/{case_id}/documents", headers=auth(w, w.h1)).json()
    (kind,) = [k for k in listing["available"] if k["code"] == "site_record"]
    assert [r["seq"] for r in kind["records"]] == [site["seq"]]
    issued = client.post(
        f"/api/v1/cases/{case_id}/documents",
        json={"kind": "site_record", "record": site["seq"], "pdf": False},
        headers=auth(w, w.h1),
    )
    assert issued.status_code == 201 and issued.json()["source_seq"] == site["seq"]
    got = client.get(f"/api/v1/cases/{case_id}/documents/{issued.json()['seq']}", headers=auth(w, w.h1))
    text = docx_text(got.content)
    assert "江岸区台北路12号某超市" in text and "超过保质期，共12件" in text and "09:30 至 10:15" in text
    assert "手机定位：纬度 30.605500，经度 114.302000" in text


def test_a_phone_inquiry_of_a_witness_is_the_inquiry_record(w: World, client: TestClient) -> None:
    case_id = filed_case(w)
    body = {**record(w, "inquiry"), "present": "顾客李某", "inquiry_of": "witness", "photos": [],
            "content": "问：你看到了什么？\\n答：店里在卖过期饼干。"}  # fmt: skip
    done = _bare(client, case_id, body, auth(w, w.h1))
    assert done.status_code == 201, done.text
    assert [a["type"] for a in done.json()["appended"]] == ["InquiryRecorded"]
    text = docx_text(
        client.get(
            f"/api/v1/cases/{case_id}/documents/inquiry_record", params={"format": "docx"},
            headers=auth(w, w.h1),
        ).content
    )  # fmt: skip
    assert "顾客李某（证人）" in text and "店里在卖过期饼干" in text


def test_the_phone_record_is_checked_as_on_the_case_page_and_a_refusal_writes_nothing(
    w: World, client: TestClient
) -> None:
    case_id = filed_case(w)
    before = w.counts()
    cases: list[tuple[dict[str, Any], Any, str]] = [
        ({"refused_signature": True}, w.h1, "witness_required"),  # 程序规定 第四十三条
        ({"co_handler_id": w.h1.user_id}, w.h1, "two_officers_required"),  # 程序规定 第二十二条
        ({"co_handler_id": w.h2.user_id}, w.h3, "not_case_handler"),  # not the record's officer's case
        ({"ended_at": f"{china_today()}T09:00:00"}, w.h1, "bad_time"),
        ({"ended_at": None}, w.h1, "onsite_end_missing"),
        ({"present": ""}, w.h1, "text_required"),
    ]
    for extra, who, code in cases:
        refused = post(client, case_id, {**record(w), **extra}, auth(w, who))
        assert refused.status_code in (403, 422) and refused.json()["code"] == code, (extra, refused.text)
    assert w.counts() == before
    witnessed = {**record(w), "refused_signature": True, "witness": "社区网格员陈某"}
    done = post(client, case_id, witnessed, auth(w, w.h1))
    assert done.status_code == 201, done.text
    site = client.get(f"/api/v1/cases/{case_id}", headers=auth(w, w.h1)).json()["timeline"][-2]
    assert site["type"] == "SiteInspected" and site["payload"]["witness"] == "社区网格员陈某"
    assert site["payload"]["refused_signature"] is True


def test_a_phone_inquiry_carries_the_id_number_into_the_signed_record_and_its_document(
    w: World, client: TestClient
) -> None:
    case_id = filed_case(w)
    body = {**record(w, "inquiry"), "present": "王某", "id_number": "11010519491231002x", "photos": [],
            "content": "问：这些食品是什么时候进的货？\\n答：去年六月进的货。"}  # fmt: skip
    done = _bare(client, case_id, body, auth(w, w.h1, **{"Idempotency-Key": str(uuid.uuid4())}))
    assert done.status_code == 201, done.text
    (appended,) = done.json()["appended"]
    assert appended["type"] == "InquiryRecorded" and appended["signed"]
    detail = client.get(f"/api/v1/cases/{case_id}", headers=auth(w, w.h1)).json()
    (inquiry,) = [t for t in detail["timeline"] if t["type"] == "InquiryRecorded"]
    assert (
        inquiry["verified"] and inquiry["payload"]["id_number"] == "11010519491231002X"
    )  # signed, normalised
    issued = client.post(
        f"/api/v1/cases/{case_id}/documents",
        json={"kind": "inquiry_record", "record": inquiry["seq"], "pdf": False},
        headers=auth(w, w.h1),
    )
    assert issued.status_code == 201 and issued.json()["source_seq"] == inquiry["seq"]
    got = client.get(f"/api/v1/cases/{case_id}/documents/{issued.json()['seq']}", headers=auth(w, w.h1))
    text = docx_text(got.content)
    assert "身份证件号码" in text and "11010519491231002X" in text and "王某（当事人）" in text


def test_a_wrong_check_character_is_refused_and_nothing_is_written(w: World, client: TestClient) -> None:
    case_id = filed_case(w)
    before = w.counts()
    key = str(uuid.uuid4())
    body = {**record(w, "inquiry"), "present": "王某", "id_number": "110105194912310021"}  # last digit wrong
    refused = post(client, case_id, body, auth(w, w.h1, **{"Idempotency-Key": key}))
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_id_number"
    assert "校验码" in refused.json()["message"]
    assert w.counts() == before  # neither the record nor its photos
    # the case page's inquiry action is checked the same way (the rule is the domain's)
    page_body = {
        "interviewee": "王某", "role": "party", "id_number": "110105194912310021", "place": "询问室",
        "inquired_on": str(china_today()), "start": "09:00", "end": "09:40",
        "officer_ids": [w.h1.user_id, w.h2.user_id], "record": "问：你是否知道已过保质期？答：不知道。",
    }  # fmt: skip
    action = client.post(f"/api/v1/cases/{case_id}/actions/inquiry", json=page_body, headers=auth(w, w.h1))
    assert action.status_code == 422 and action.json()["code"] == "invalid_id_number"
    assert w.counts() == before
    # corrected, the same draft (same Idempotency-Key: a refusal keeps nothing under it) goes through
    fixed = post(
        client,
        case_id,
        {**body, "id_number": "11010519491231002X"},
        auth(w, w.h1, **{"Idempotency-Key": key}),
    )
    assert fixed.status_code == 201, fixed.text
    assert [a["type"] for a in fixed.json()["appended"]] == ["InquiryRecorded", "EvidenceAdded"]


def test_a_phone_inquiry_names_the_person_as_the_笔录_does_程序规定_29(w: World, client: TestClient) -> None:
    """Gender read from the ID number when not chosen, work unit, address and telephone: in the signed record
    and in the table of the 询问笔录; a gender the number contradicts and a non-number telephone are refused
    on the phone's route and the case page's alike, writing nothing."""
    case_id = filed_case(w)
    person = {"present": "王某", "id_number": "11010519491231002X", "work_unit": "某超市 店长",
              "address": "武汉市江岸区台北路12号", "phone": "027-85551234转806", "photos": [],
              "content": "问：这些食品是什么时候进的货？\n答：去年六月进的货。"}  # fmt: skip
    before = w.counts()
    for bad, code in (({"gender": "男"}, "gender_id_mismatch"), ({"phone": "王某的手机"}, "invalid_phone")):
        refused = _bare(client, case_id, {**record(w, "inquiry"), **person, **bad},
                        auth(w, w.h1, **{"Idempotency-Key": str(uuid.uuid4())}))  # fmt: skip
        assert refused.status_code == 422 and refused.json()["code"] == code, refused.text
    page_body = {
        "interviewee": "王某", "role": "party", "id_number": person["id_number"], "gender": "男",
        "place": "询问室", "inquired_on": str(china_today()), "start": "09:00", "end": "09:40",
        "officer_ids": [w.h1.user_id, w.h2.user_id], "record": "问：你是否知道已过保质期？答：不知道。",
    }  # fmt: skip
    action = client.post(f"/api/v1/cases/{case_id}/actions/inquiry", json=page_body, headers=auth(w, w.h1))
    assert action.status_code == 422 and action.json()["code"] == "gender_id_mismatch"
    assert "第17位表示女性" in action.json()["message"]
    assert w.counts() == before
    done = _bare(client, case_id, {**record(w, "inquiry"), **person},
                 auth(w, w.h1, **{"Idempotency-Key": str(uuid.uuid4())}))  # fmt: skip
    assert done.status_code == 201, done.text
    detail = client.get(f"/api/v1/cases/{case_id}", headers=auth(w, w.h1)).json()
    (inquiry,) = [t for t in detail["timeline"] if t["type"] == "InquiryRecorded"]
    payload = inquiry["payload"]
    assert inquiry["verified"] and payload["gender"] == "女"  # from the number: nobody chose it
    assert (payload["work_unit"], payload["address"], payload["phone"]) == (
        "某超市 店长",
        "武汉市江岸区台北路12号",
        "027-85551234转806",
    )
    issued = client.post(
        f"/api/v1/cases/{case_id}/documents",
        json={"kind": "inquiry_record", "record": inquiry["seq"], "pdf": False},
        headers=auth(w, w.h1),
    )
    assert issued.status_code == 201, issued.text
    got = client.get(f"/api/v1/cases/{case_id}/documents/{issued.json()['seq']}", headers=auth(w, w.h1))
    text = docx_text(got.content)
    rows = (("性别", "女"), ("工作单位及职务", "某超市 店长"), ("住址", "武汉市江岸区台北路12号"),
            ("联系电话", "027-85551234转806"))  # fmt: skip
    for label, value in rows:
        assert f"{label}{value}" in text.replace("\t", "").replace("\n", ""), label

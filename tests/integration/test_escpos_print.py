"""Printing on 58 mm and 80 mm thermal paper: the issued 行政处罚决定书 as ESC/POS bytes over HTTP and from
the command line, decoded back — title large, 文号 and party, every line within the paper, the QR code of
the verification page for the SM3 the ledger fixes, the cut; a draft is marked and has no QR code."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.case_helpers import PERSON, World, api_client, make_world
from tests.integration.document_helpers import PARTY, penalty_case
from tests.integration.test_cases_api import auth
from tests.integration.test_cli_users import Cli, bare_cli  # noqa: F401  (fixture)
from tests.integration.test_documents_cli import _run
from tests.integration.test_onsite_penalty_api import body as summary_body
from zhifa.printing.decode import Printout, decode
from zhifa.printing.receipt import DRAFT_MARK
from zhifa.printing.text import COLUMNS


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


@pytest.fixture
def client(w: World, tmp_path: Any) -> TestClient:
    return api_client(w, tmp_path)


def _flat(p: Printout) -> str:
    return p.text.replace("\n", "")


def _check_decision(p: Printout, width: int, sm3: str, base: str) -> None:
    assert p.chinese and p.cut
    assert all(line.columns <= COLUMNS[width] for line in p.lines), [
        line.text for line in p.lines if line.columns > COLUMNS[width]
    ]
    title = next(line for line in p.lines if line.text == "行政处罚决定书")
    assert title.double and title.bold and title.align == "center"
    docno = next(line for line in p.lines if line.text == "岸市监处罚〔2026〕1号")
    assert docno.align == "center"
    flat = _flat(p)
    assert f"当事人：{PARTY['name']}" in flat and PARTY["uscc"] in flat
    assert "申请行政复议" in flat and "（印章）" in flat
    assert [q.payload for q in p.qr_codes] == [f"{base}/verify/{sm3}"]
    assert p.qr_codes[0].model == 2 and p.qr_codes[0].ec == "M"
    assert sm3 in flat


def _issued_decision(w: World, client: TestClient) -> tuple[str, dict[str, Any]]:
    """A 5,000 yuan 行政处罚决定书 issued by the head (DOCX only): the case id and the issued record."""
    case = penalty_case(w, "5000")
    issued = client.post(
        f"/api/v1/cases/{case}/documents",
        json={"kind": "penalty_decision", "pdf": False},
        headers=auth(w, w.head),
    )
    assert issued.status_code == 201, issued.text
    return case, issued.json()


@pytest.mark.parametrize("width", [58, 80])
def test_issued_decision_prints_with_its_verification_qr(w: World, client: TestClient, width: int) -> None:
    case, issued = _issued_decision(w, client)
    got = client.get(
        f"/api/v1/cases/{case}/documents/{issued['seq']}?format=escpos&width={width}", headers=auth(w, w.h1)
    )
    assert got.status_code == 200, got.text
    assert got.headers["content-type"] == "application/vnd.escpos"
    assert f"-{width}mm.escpos" in got.headers["content-disposition"]
    _check_decision(decode(got.content), width, issued["sm3"], "http://testserver")


def test_draft_is_marked_and_bad_widths_and_outsiders_are_refused(w: World, client: TestClient) -> None:
    case = penalty_case(w, "5000")
    h1 = auth(w, w.h1)
    draft = client.get(f"/api/v1/cases/{case}/documents/立案审批表?format=escpos&width=80", headers=h1)
    assert draft.status_code == 200
    p = decode(draft.content)
    assert p.lines[0].text == DRAFT_MARK and p.lines[-1].text == DRAFT_MARK and p.qr_codes == []
    assert PARTY["name"] in _flat(p) and all(line.columns <= 48 for line in p.lines)
    bad = client.get(f"/api/v1/cases/{case}/documents/立案审批表?format=escpos&width=76", headers=h1)
    assert (
        bad.status_code == 422
        and bad.json()["code"] == "bad_print_width"
        and "58、80" in bad.json()["message"]
    )
    other = client.get(
        f"/api/v1/cases/{case}/documents/立案审批表?format=escpos", headers=auth(w, w.chibi_handler)
    )
    assert other.status_code == 404 and other.json()["code"] == "case_not_found"
    missing = client.get(f"/api/v1/cases/{case}/documents/999?format=escpos", headers=h1)
    assert missing.status_code == 404 and missing.json()["code"] == "document_not_found"


def test_render_escpos_from_the_command_line(bare_cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    w = make_world(bare_cli.engine)
    case = penalty_case(w, "5000")
    var = tmp_path / "var"
    issued = _run(bare_cli, var, "documents", "issue", case, "penalty_decision", "--as", "ja_head",
                  "--no-pdf", "--on", "2026-04-08", "--json")  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    record = json.loads(issued.stdout)
    out = tmp_path / "decision.escpos"
    args = ("documents", "render", case, str(record["seq"]), "--as", "ja_h1", "--format", "escpos")
    refused = _run(bare_cli, var, *args, "--width", "80", "-o", str(out))
    assert refused.returncode == 1 and "错误[public_base_url_missing]" in refused.stderr
    base = "https://zhifa.example.cn/jianguan"
    for width in (58, 80):
        done = _run(bare_cli, var, *args, "--width", str(width), "--base-url", base + "/", "-o", str(out))
        assert done.returncode == 0, done.stderr
        _check_decision(decode(out.read_bytes()), width, record["sm3"], base)
    wrong = _run(bare_cli, var, *args, "--width", "57", "--base-url", base, "-o", str(out))
    assert wrong.returncode == 1 and "错误[bad_print_width]" in wrong.stderr
    image = _run(bare_cli, var, *args, "--qr", "raster", "--base-url", base, "-o", str(out))
    assert image.returncode == 0, image.stderr
    printed = decode(out.read_bytes())
    assert printed.qr_codes == [] and [i.width for i in printed.images] == [384]
    unknown = _run(bare_cli, var, *args, "--qr", "bitmap", "--base-url", base, "-o", str(out))
    assert unknown.returncode == 1 and "错误[bad_qr_mode]" in unknown.stderr
    draft = _run(bare_cli, var, "documents", "render", case, "行政处罚决定书", "--as", "ja_h1",
                 "--format", "escpos", "-o", str(out))  # fmt: skip
    assert draft.returncode == 0 and decode(out.read_bytes()).lines[0].text == DRAFT_MARK


def test_receipt_page_for_the_system_print_dialog_shows_the_same_lines(w: World, client: TestClient) -> None:
    case, issued = _issued_decision(w, client)
    h1 = auth(w, w.h1)
    printed = decode(
        client.get(
            f"/api/v1/cases/{case}/documents/{issued['seq']}?format=escpos&width=80", headers=h1
        ).content
    )
    page = client.get(f"/cases/{case}/documents/{issued['seq']}/receipt?width=80&autoprint=1", headers=h1)
    assert page.status_code == 200 and 'class="receipt w80"' in page.text and "data-autoprint" in page.text
    shown = re.findall(r'<div class="rl rl-[a-z]+[^"]*">([^<]*)</div>', page.text)
    assert [html.unescape(t).strip() for t in shown] == [line.text.strip() for line in printed.lines]
    assert '<div class="rl rl-center rl-bold rl-double">行政处罚决定书</div>' in page.text
    qr = re.search(r'<img class="rl-qr" src="data:image/svg\+xml[^"]+" alt="核验二维码：([^"]+)"', page.text)
    assert qr and qr.group(1) == f"http://testserver/verify/{issued['sm3']}"
    bad = client.get(f"/cases/{case}/documents/{issued['seq']}/receipt?width=76", headers=h1)
    assert bad.status_code == 422 and "58、80" in bad.text
    other = client.get(f"/cases/{case}/documents/{issued['seq']}/receipt", headers=auth(w, w.chibi_handler))
    assert other.status_code == 404


def test_on_the_spot_decision_printed_on_58_mm_and_verified_without_personal_data(
    w: World, client: TestClient
) -> None:
    """当场处罚 (行政处罚法 第五十二条): the decision is handed to the party on site — printed on 58 mm paper,
    its QR code opens the public verification, which names neither the party nor the ID number."""
    h1 = auth(w, w.h1)
    made = client.post("/api/v1/cases/summary-penalty", json=summary_body(w), headers=h1)
    assert made.status_code == 201, made.text
    case = made.json()["case"]["id"]
    doc = client.post(
        f"/api/v1/cases/{case}/documents", json={"kind": "summary_decision", "pdf": False}, headers=h1
    )
    assert doc.status_code == 201, doc.text
    issued = doc.json()
    got = client.get(f"/api/v1/cases/{case}/documents/{issued['seq']}?format=escpos&width=58", headers=h1)
    printed = decode(got.content)
    assert all(line.columns <= 32 for line in printed.lines)
    title = next(line for line in printed.lines if line.text == "当场行政处罚决定书")
    assert title.bold and title.tall and not title.double  # double size would need 36 columns
    flat = _flat(printed)
    assert PERSON["name"] in flat and "不按规定明码标价" in flat
    assert [q.payload for q in printed.qr_codes] == [f"http://testserver/verify/{issued['sm3']}"]
    public = TestClient(client.app).get(printed.qr_codes[0].payload.removeprefix("http://testserver"))
    assert public.status_code == 200 and "当场行政处罚决定书" in public.text and "签名有效" in public.text
    assert PERSON["name"] not in public.text and PERSON["id_number"] not in public.text


def test_the_qr_code_as_an_image_for_printers_without_the_qr_command(w: World, client: TestClient) -> None:
    case, issued = _issued_decision(w, client)
    url = f"/api/v1/cases/{case}/documents/{issued['seq']}?format=escpos&width=80"
    native = decode(client.get(url, headers=auth(w, w.h1)).content)
    raster = decode(client.get(url + "&qr=raster", headers=auth(w, w.h1)).content)
    assert raster.qr_codes == [] and [i.width for i in raster.images] == [576]
    assert raster.lines == native.lines and raster.cut  # the same paper, the code drawn instead
    assert f"http://testserver/verify/{issued['sm3']}" in _flat(raster)
    bad = client.get(url + "&qr=bitmap", headers=auth(w, w.h1))
    assert (
        bad.status_code == 422 and bad.json()["code"] == "bad_qr_mode" and "raster" in bad.json()["message"]
    )

"""Browser: 蓝牙打印 on the 文书与卷宗 page sends the issued decision to a (fake) Bluetooth printer injected
into the page as `navigator.bluetooth`; the bytes it receives decode to the document with its verification QR
code, in chunks the printer accepts. Without Web Bluetooth the receipt page opens for the system dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.site import USERS
from zhifa.demo.identifiers import demo_case_id
from zhifa.printing.decode import decode
from zhifa.printing.text import COLUMNS

CASE = demo_case_id("ja-closed-ad")
PRINTER_MAX_WRITE = 100  # MAX_WRITE of fake_bluetooth.js: print_bt.js must step down from 180

FAKE_BLUETOOTH = Path(__file__).with_name("fake_bluetooth.js")

NO_BLUETOOTH = """
Object.defineProperty(Navigator.prototype, "bluetooth", { configurable: true, get: () => undefined });
window.print = () => { window.__printed = true; };
"""


def _issued_decision(s: Any, base_url: str) -> dict[str, Any]:
    page = s.page
    page.goto(f"{base_url}/cases/{CASE}/documents")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    body = {"kind": "penalty_decision", "pdf": False, "reason": "演示：蓝牙打印测试重新制作"}
    answer = s.context.request.post(
        f"{base_url}/api/v1/cases/{CASE}/documents", data=body, headers={"X-CSRF-Token": token}
    )
    assert answer.status == 201, answer.text()
    return answer.json()  # type: ignore[no-any-return]


def _check(data: bytes, width: int, sm3: str) -> None:
    printed = decode(data)
    assert printed.cut and printed.chinese
    assert all(line.columns <= COLUMNS[width] for line in printed.lines)
    title = next(line for line in printed.lines if line.text == "行政处罚决定书")
    assert title.double and title.bold
    assert [q.payload.rsplit("/", 2)[-2:] for q in printed.qr_codes] == [["verify", sm3]]


def test_bluetooth_print_sends_the_decision_to_the_printer(session: Any, base_url: str) -> None:
    s = session(phone=True)
    s.context.add_init_script(path=FAKE_BLUETOOTH)
    s.login(USERS["head"])
    doc = _issued_decision(s, base_url)
    page = s.page
    page.goto(f"{base_url}/cases/{CASE}/documents")
    page.select_option("[data-print-width]", "80")
    page.locator(f'[data-bt-print][data-doc="{doc["seq"]}"]').click()
    page.wait_for_selector("[data-print-status].alert-success")
    assert "演示热敏打印机" in page.locator("[data-print-status]").inner_text()
    s.shot("print-bt-01-sent")
    printer = page.evaluate("window.__printer")
    assert printer["refused"] >= 1 and max(printer["sizes"]) <= PRINTER_MAX_WRITE
    services = printer["request"]["optionalServices"]
    assert 0x18F0 in services and "49535343-fe7d-4ae5-8fa9-9fafd205e455" in services
    _check(bytes(printer["written"]), 80, doc["sm3"])
    # the contract the phone pages use, at 58 mm, on the printer chosen before (no second chooser)
    result = page.evaluate(
        "async ([c, d]) => { window.__printer.written.length = 0; window.__printer.request = null;"
        " return await window.zhifaPrint.printDocument(c, d, 58, {delayMs: 0}); }",
        [CASE, str(doc["seq"])],
    )
    assert result["method"] == "bluetooth" and result["chunkSize"] <= PRINTER_MAX_WRITE
    printer = page.evaluate("window.__printer")
    assert printer["request"] is None and len(printer["written"]) == result["bytes"]
    _check(bytes(printer["written"]), 58, doc["sm3"])
    refused = page.evaluate(
        "async (c) => { try { await window.zhifaPrint.printDocument(c, '999999', 58); }"
        " catch (e) { return [e.code, e.serverCode, e.message]; } }",
        CASE,
    )
    assert refused[0] == "fetch_failed" and refused[1] == "document_not_found" and "没有" in refused[2]
    # a printer without the QR command: the code goes as an image, and the device keeps the choice
    page.select_option("[data-print-qr]", "raster")
    page.evaluate("window.__printer.written.length = 0")
    page.locator(f'[data-bt-print][data-doc="{doc["seq"]}"]').click()
    page.wait_for_selector("[data-print-status].alert-success")  # the click set it to 正在打印 first
    printed = decode(bytes(page.evaluate("window.__printer.written")))
    assert printed.qr_codes == [] and [i.width for i in printed.images] == [576] and printed.cut  # 80 mm
    page.reload()
    assert page.input_value("[data-print-qr]") == "raster"
    assert page.evaluate("window.zhifaPrint.qrMode()") == "raster"
    assert not [e for e in s.console_errors if "Failed to load resource" not in e]


def test_without_web_bluetooth_the_receipt_opens_for_the_system_dialog(session: Any, base_url: str) -> None:
    s = session()
    s.context.add_init_script(NO_BLUETOOTH)
    s.login(USERS["head"])
    doc = _issued_decision(s, base_url)
    page = s.page
    page.goto(f"{base_url}/cases/{CASE}/documents")
    with page.expect_popup() as popup_info:
        page.locator(f'[data-bt-print][data-doc="{doc["seq"]}"]').click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert f"/documents/{doc['seq']}/receipt?width=58&autoprint=1" in popup.url
    assert popup.evaluate("window.__printed") is True
    receipt = popup.locator("#receipt")
    assert "行政处罚决定书" in receipt.inner_text() and doc["sm3"][:32] in receipt.inner_text()
    qr = popup.locator("#receipt img.rl-qr")
    assert qr.count() == 1 and doc["sm3"] in (qr.get_attribute("alt") or "")
    assert popup.evaluate("document.querySelector('.rl-qr').naturalWidth") > 0
    popup.screenshot(path=str(ARTIFACTS / "print-bt-02-receipt.png"), full_page=True)
    assert "此浏览器不支持蓝牙打印" in page.locator("[data-print-status]").inner_text()

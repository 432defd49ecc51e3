/* zhifa 执法 — printing documents on 58/80 mm portable thermal printers over Web Bluetooth.
 *
 * Contract (the phone pages call it; docs/decisions/0026-escpos-printing.md):
 *
 *   window.zhifaPrint.printDocument(caseId, docId, width, options) -> Promise<result>
 *     caseId  the case id (as in /cases/<id>)
 *     docId   the ledger seq of an issued document (printed with its verification QR code), or a kind's
 *             code or Chinese name (a draft, marked as such, without QR code)
 *     width   58 (default) or 80, the paper width in mm
 *     options {chunkSize: bytes per write (default 180 with writeWithoutResponse, else 20; halved down to
 *             20 when the printer refuses a write), delayMs: pause between writes (default 20),
 *             fallback: false to reject instead of opening the system print dialog,
 *             qr: "native" (the printer's QR command) or "raster" (the QR code as an image, for printers
 *             whose firmware lacks that command); default the choice kept on this device (qrMode)}
 *   resolves {method: "bluetooth", device, bytes, chunks, chunkSize}
 *         or {method: "system-print", url} where Web Bluetooth is missing (the receipt page, print CSS)
 *   rejects  Error with a Chinese message and a stable `code`: no_printer_chosen, no_serial_service,
 *            fetch_failed (with `status` and the server's `serverCode`), write_failed
 *
 *   window.zhifaPrint.SERVICES   the GATT services tried, in order
 *   window.zhifaPrint.forget()   drop the remembered printer (the next call asks again)
 *   window.zhifaPrint.qrMode([mode])  the QR mode kept on this device (localStorage), set when given
 *
 * The bytes come from GET /api/v1/cases/<caseId>/documents/<docId>?format=escpos&width=<width>&qr=<mode>
 * with the page's session. The printer chosen once is kept for the page's life and reconnected when it
 * dropped. Buttons: <button data-bt-print data-case="…" data-doc="…"> with an optional
 * <select data-print-width>, an optional <select data-print-qr> (its choice is kept on the device) and a
 * [data-print-status] element on the page for messages.
 */
(function () {
  "use strict";

  // Serial-port services of common portable printers; the write characteristic is found by its properties.
  var SERVICES = [
    0x18f0, // Xprinter, GPrinter, HPRT and most Chinese receipt printers (characteristic 0x2af1)
    0xff00, // many 58 mm pocket printers (0xff02)
    0xffe0, // HM-10 style serial modules (0xffe1)
    "49535343-fe7d-4ae5-8fa9-9fafd205e455", // ISSC / Microchip transparent UART (49535343-8841-…)
    "e7810a71-73ae-499d-8c15-faa9aef0c3f2", // another common printer module (bef8d6c9-9c21-…)
  ];
  var MIN_CHUNK = 20; // the payload of the smallest BLE MTU (23 bytes)
  var device = null;
  var target = null; // {characteristic, withoutResponse, chunkSize}

  function failure(code, message, extra) {
    var error = new Error(message);
    error.code = code;
    Object.keys(extra || {}).forEach(function (k) { error[k] = extra[k]; });
    return error;
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  var QR_KEY = "zhifa.print.qr";
  function qrMode(mode) {
    // the printer's QR command, or an image where the printer prints garbage instead of the code
    try {
      if (mode === "native" || mode === "raster") localStorage.setItem(QR_KEY, mode);
      return localStorage.getItem(QR_KEY) === "raster" ? "raster" : "native";
    } catch (e) {
      return mode === "raster" ? "raster" : "native"; // storage refused (private mode): this call only
    }
  }

  function escposUrl(caseId, docId, width, qr) {
    return "/api/v1/cases/" + encodeURIComponent(caseId) + "/documents/" + encodeURIComponent(docId) +
      "?format=escpos&width=" + encodeURIComponent(width) + "&qr=" + encodeURIComponent(qr);
  }

  function receiptUrl(caseId, docId, width) {
    return "/cases/" + encodeURIComponent(caseId) + "/documents/" + encodeURIComponent(docId) +
      "/receipt?width=" + encodeURIComponent(width) + "&autoprint=1";
  }

  async function fetchBytes(caseId, docId, width, qr) {
    var answer = await fetch(escposUrl(caseId, docId, width, qr), { credentials: "same-origin" });
    if (!answer.ok) {
      var body = {};
      try { body = await answer.json(); } catch (e) { /* not JSON */ }
      throw failure("fetch_failed", body.message || ("获取打印内容失败（HTTP " + answer.status + "）"),
        { status: answer.status, serverCode: body.code || "" });
    }
    return new Uint8Array(await answer.arrayBuffer());
  }

  async function choosePrinter() {
    if (device) return device;
    try {
      device = await navigator.bluetooth.requestDevice({ acceptAllDevices: true, optionalServices: SERVICES });
    } catch (e) {
      throw failure("no_printer_chosen", "未选择蓝牙打印机（" + (e && e.message ? e.message : e) + "）");
    }
    device.addEventListener("gattserverdisconnected", function () { target = null; });
    return device;
  }

  async function writable(server) {
    for (var i = 0; i < SERVICES.length; i++) {
      var service;
      try { service = await server.getPrimaryService(SERVICES[i]); } catch (e) { continue; }
      var characteristics = await service.getCharacteristics();
      for (var j = 0; j < characteristics.length; j++) {
        var c = characteristics[j];
        if (c.properties.writeWithoutResponse || c.properties.write) {
          return { characteristic: c, withoutResponse: !!c.properties.writeWithoutResponse };
        }
      }
    }
    throw failure("no_serial_service", "该设备没有可写入的打印串口服务，请确认选择的是蓝牙热敏打印机");
  }

  async function connect(options) {
    var chosen = await choosePrinter();
    if (target && chosen.gatt.connected) return target;
    var server = await chosen.gatt.connect();
    target = await writable(server);
    target.chunkSize = options.chunkSize || (target.withoutResponse ? 180 : MIN_CHUNK);
    return target;
  }

  async function writeChunk(t, chunk) {
    if (t.withoutResponse && t.characteristic.writeValueWithoutResponse) {
      return t.characteristic.writeValueWithoutResponse(chunk);
    }
    if (t.characteristic.writeValueWithResponse) return t.characteristic.writeValueWithResponse(chunk);
    return t.characteristic.writeValue(chunk);
  }

  async function send(t, bytes, delayMs) {
    var chunks = 0;
    var offset = 0;
    while (offset < bytes.length) {
      var chunk = bytes.slice(offset, offset + t.chunkSize);
      try {
        await writeChunk(t, chunk);
      } catch (e) {
        if (t.chunkSize <= MIN_CHUNK) {
          throw failure("write_failed", "向打印机发送数据失败（" + (e && e.message ? e.message : e) + "）");
        }
        t.chunkSize = Math.max(MIN_CHUNK, Math.floor(t.chunkSize / 2)); // the printer took less: resend
        continue;
      }
      offset += chunk.length;
      chunks += 1;
      if (delayMs > 0 && offset < bytes.length) await sleep(delayMs); // let the printer's buffer drain
    }
    return chunks;
  }

  function systemPrint(caseId, docId, width) {
    var url = receiptUrl(caseId, docId, width);
    var opened = window.open(url, "_blank");
    if (!opened) window.location.assign(url);
    return { method: "system-print", url: url };
  }

  async function printDocument(caseId, docId, width, options) {
    options = options || {};
    width = Number(width || 58);
    if (width !== 58 && width !== 80) throw failure("bad_print_width", "纸宽只能是 58 或 80 毫米");
    if (!navigator.bluetooth) {
      if (options.fallback === false) throw failure("no_web_bluetooth", "此浏览器不支持 Web Bluetooth");
      return systemPrint(caseId, docId, width);
    }
    var qr = options.qr === "native" || options.qr === "raster" ? options.qr : qrMode();
    var bytes = await fetchBytes(caseId, docId, width, qr);
    var t = await connect(options);
    var chunks = await send(t, bytes, options.delayMs === undefined ? 20 : options.delayMs);
    return { method: "bluetooth", device: device.name || "", bytes: bytes.length, chunks: chunks,
      chunkSize: t.chunkSize, qr: qr };
  }

  window.zhifaPrint = {
    SERVICES: SERVICES,
    printDocument: printDocument,
    forget: function () { device = null; target = null; },
    qrMode: qrMode,
  };

  function status(text, kind) {
    var el = document.querySelector("[data-print-status]");
    if (!el) return;
    el.textContent = text;
    el.className = "alert alert-" + kind;
    el.hidden = false;
  }

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  onReady(function () {
    var qrSelect = document.querySelector("[data-print-qr]");
    if (qrSelect) {
      qrSelect.value = qrMode();
      qrSelect.addEventListener("change", function () { qrMode(qrSelect.value); });
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-bt-print]") : null;
      if (!button) return;
      var select = document.querySelector("[data-print-width]");
      var width = Number(button.getAttribute("data-width") || (select ? select.value : 58));
      button.disabled = true;
      status("正在打印……", "info");
      var qr = qrSelect ? qrSelect.value : undefined;
      printDocument(button.getAttribute("data-case"), button.getAttribute("data-doc"), width, { qr: qr })
        .then(function (result) {
          if (result.method === "bluetooth") {
            status("已发送到打印机 " + result.device + "（" + result.bytes + " 字节）", "success");
          } else {
            status("此浏览器不支持蓝牙打印，已打开打印页面，请用系统打印对话框打印", "info");
          }
        })
        .catch(function (e) { status(e.message || String(e), "error"); })
        .then(function () { button.disabled = false; });
    });
    // The receipt page: print button, and the dialog at once when opened for printing.
    var print = document.querySelector("[data-system-print]");
    if (print) print.addEventListener("click", function () { window.print(); });
    if (document.body.hasAttribute("data-autoprint")) window.print();
  });
})();

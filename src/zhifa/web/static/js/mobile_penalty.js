/* 当场处罚 form on the phone: the amount check as the officer types (行政处罚法第五十一条; the server checks
 * again), the assistant's provisions when online, the party's signature on a canvas, the payment method,
 * then the whole decision saved as one draft (mobile.js sends it). */
(function () {
  "use strict";
  function $(id) { return document.getElementById(id); }
  var form, canvas, ctx, inked = 0, drawing = false, limits = {};

  // --- signature pad ----------------------------------------------------------------------------------
  function point(e) {
    var r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
  }
  function pad() {
    canvas = $("signature");
    ctx = canvas.getContext("2d");
    ctx.lineWidth = 4; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true; canvas.setPointerCapture(e.pointerId);
      var p = point(e); ctx.beginPath(); ctx.moveTo(p.x, p.y); e.preventDefault();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = point(e); ctx.lineTo(p.x, p.y); ctx.stroke(); inked++; e.preventDefault();
    });
    function end() { drawing = false; $("signature-status").textContent = inked ? "已签名" : "请当事人在框内签名"; }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    $("signature-clear").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height); inked = 0; end();
    });
  }

  // --- amount check and payment ---------------------------------------------------------------------------
  function value(name) { var f = form.elements[name]; return f ? (f.value || "").trim() : ""; }
  function checked(name) { var f = form.elements[name]; return !!(f && f.checked); }
  function amountCheck() {
    var kind = value("party_kind"), isFine = value("penalty_kind") === "fine";
    var fine = isFine ? parseFloat(value("fine") || "0") : 0;
    var limit = parseFloat(limits[kind] || "0");
    var who = kind === "organization" ? "法人或者其他组织" : (kind === "individual_business" ? "个体工商户" : "自然人");
    var out = $("amount-check");
    $("fine-field").hidden = !isFine;
    if (isFine && fine > limit) {
      out.textContent = "当场罚款对" + who + "不得超过" + limit + "元（行政处罚法第五十一条），本案应适用普通程序";
      out.className = "alert alert-error";
    } else if (isFine && fine > 0) {
      out.textContent = "在当场处罚限额内（" + who + "不超过" + limit + "元）";
      out.className = "alert alert-success";
    } else { out.textContent = isFine ? "请填写罚款金额" : "警告：不涉及缴款"; out.className = "muted"; }
    var onSpot = value("collection") !== "bank";
    $("receipt-field").hidden = !onSpot;
    $("remote-field").hidden = value("collection") !== "remote_area";
    $("collection-hint").textContent = onSpot && value("collection") === "small_fine" && fine > parseFloat(limits.collection)
      ? "罚款超过" + limits.collection + "元，不能按第六十八条第一项当场收缴" : "";
    $("party-code-label").textContent = kind === "person" ? "身份证号" : "统一社会信用代码";
  }

  // --- the assistant (online only) -------------------------------------------------------------------------
  function assist() {
    var status = $("assist-status"), facts = value("facts");
    if (!facts) { status.textContent = "请先写明违法事实"; return; }
    if (!navigator.onLine) { status.textContent = "离线时无法使用智能助手，请自行填写依据"; return; }
    status.textContent = "正在分析……";
    var token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
    fetch("/api/v1/assist", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token, Accept: "application/json" },
      body: JSON.stringify({ facts: facts, party_type: value("party_kind"), top_k: 3 })
    }).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); }).then(function (a) {
      if (!a.ok) { status.textContent = a.body.message || "智能助手暂不可用"; return; }
      var b = a.body, type = (b.violation_types || [])[0], prov = b.provisions || {};
      var labels = function (xs) { return (xs || []).map(function (p) { return p.label; }).join("；"); };
      if (type && !value("violation")) form.elements.violation.value = type.name;
      var basis = [labels(prov.violated), labels(prov.penalty)].filter(Boolean).join("；");
      if (basis) form.elements.basis.value = basis;
      var pen = b.penalty || {}, range = pen.statutory_range || [];
      status.textContent = (type ? "违法类型：" + type.name + "（" + Math.round(type.score * 100) + "%）。" : "") +
        (range.length ? "法定幅度：" + (range[0] == null ? "—" : range[0]) + "～" + range[1] + "元。" : "") +
        (b.confidence && b.confidence.uncertain ? "助手不确定，请核对依据。" : "");
    }).catch(function () { status.textContent = "智能助手暂不可用，请自行填写依据"; });
  }

  // --- the draft ------------------------------------------------------------------------------------------
  function party() {
    var kind = value("party_kind"), code = value("party_code");
    var p = { kind: kind, name: value("party_name"), address: value("party_address") };
    if (kind === "person") p.id_number = code; else p.uscc = code;
    return p;
  }
  function problems() {
    var out = [];
    if (!checked("credentials_shown")) out.push("请先向当事人出示执法证件（行政处罚法第五十二条）");
    if (!value("statement")) out.push("请记录当事人的陈述申辩或其放弃的表示（行政处罚法第四十四条、第四十五条）");
    if (!checked("party_refused_to_sign") && !inked) out.push("请当事人在签名框内签名，或登记拒绝签收（第五十二条）");
    return out;
  }
  function submit(e) {
    e.preventDefault();
    var errors = problems(), box = $("form-errors");
    box.textContent = errors.join("；"); box.hidden = !errors.length;
    if (errors.length) { box.scrollIntoView({ block: "center" }); return; }
    var isFine = value("penalty_kind") === "fine", refused = checked("party_refused_to_sign");
    var data = {
      party: party(), act_date: value("act_date"), violation: value("violation"), basis: value("basis"),
      penalty: isFine ? { kinds: ["fine"], fine: value("fine") } : { kinds: ["warning"] },
      officer_ids: [parseInt(form.dataset.officer, 10), parseInt(value("co_officer_id"), 10)],
      place: value("place"), facts: value("facts"), credentials_shown: true, statement: value("statement"),
      party_refused_to_sign: refused, refusal_note: refused ? value("refusal_note") : "",
      party_signature_png: refused ? null : canvas.toDataURL("image/png"),
      collection: isFine ? value("collection") : "bank",
      party_requested_collection: checked("party_requested_collection"),
      receipt_no: isFine && value("collection") !== "bank" ? value("receipt_no") : ""
    };
    var label = data.party.name + " · " + (isFine ? "罚款" + data.penalty.fine + "元" : "警告");
    window.zhifaMobile.save({ kind: "penalty", label: label, data: data }).then(function () {
      form.reset(); ctx.clearRect(0, 0, canvas.width, canvas.height); inked = 0;
      form.elements.act_date.value = form.dataset.today; amountCheck();
      $("saved").hidden = false; $("saved").scrollIntoView({ block: "start" });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = $("penalty-form");
    if (!form) return;
    limits = JSON.parse(form.dataset.limits || "{}");
    pad();
    form.addEventListener("input", amountCheck);
    form.addEventListener("change", amountCheck);
    form.addEventListener("submit", submit);
    $("assist-button").addEventListener("click", assist);
    $("waive-button").addEventListener("click", function () {
      form.elements.statement.value = "执法人员已告知拟作出的行政处罚内容及事实、理由、依据和陈述申辩权利，当事人表示无异议，放弃陈述、申辩。";
    });
    $("locate-button").addEventListener("click", function () {
      window.zhifaMobile.locate($("geo-status")).then(function (fix) {
        if (fix && !value("place")) form.elements.place.value = "定位 " + fix.latitude + "," + fix.longitude;
      });
    });
    amountCheck();
  });
})();

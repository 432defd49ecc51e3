/* Phone pages: drafts kept in IndexedDB, sent when the network is there.
 * Every draft gets its own Idempotency-Key when it is made, so sending it again (a lost answer, a reload,
 * the network coming back) never creates a second record; records carry the case version they were
 * written against (If-Match) and a case that moved meanwhile comes back as a conflict for the officer.
 * A draft that lacks what the server now requires (drafts saved by an earlier page have no end time) is
 * sent as it is — the server decides, and a first answer kept under its key is replayed — and when it is
 * refused (or while offline) it stays on the phone, the list says what is missing and asks for it; nothing
 * is filled in for the officer. Completed, it is sent with the same key: a refused request leaves nothing
 * under its key on the server, so the key still stands for this one draft. */
(function () {
  "use strict";
  var DB = "zhifa-mobile", STORE = "drafts";
  var TITLES = { penalty: "当场处罚", onsite: "现场笔录", inquiry: "询问笔录", photos: "现场照片" };
  var STATUS = { queued: "待同步", syncing: "同步中", done: "已同步", conflict: "冲突：案件已变化", refused: "被拒绝", login: "须重新登录" };
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }

  function uuid() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)); b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // --- IndexedDB -------------------------------------------------------------------------------------
  var dbPromise = null;
  function db() {
    if (!dbPromise) dbPromise = new Promise(function (resolve, reject) {
      var open = indexedDB.open(DB, 1);
      open.onupgradeneeded = function () { open.result.createObjectStore(STORE, { keyPath: "id" }); };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
    return dbPromise;
  }
  function tx(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(STORE, mode), out = fn(t.objectStore(STORE));
        t.oncomplete = function () { resolve(out && out.result !== undefined ? out.result : out); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  function put(draft) { return tx("readwrite", function (s) { s.put(draft); }); }
  function all() { return tx("readonly", function (s) { return s.getAll(); }); }
  function remove(id) { return tx("readwrite", function (s) { s["delete"](id); }); }

  // --- what a 笔录 draft must have (the server's checks, so that older drafts can be completed) -------------
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  function idNumberProblem(number) {
    // the server's check (domain/parties.check_id_number): GB 11643 check character and birth date of an
    // 18-character number; a 15–19 digit run of another length is a mistyped one; other documents as written
    var n = (number || "").replace(/\s/g, "").toUpperCase();
    if (!/^\d{14,18}[\dX]$/.test(n)) return "";
    var wrong = "身份证件号码“" + number.trim() + "”";
    if (n.length !== 18) return wrong + "位数不对：居民身份证等证件号码应为18位";
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += WEIGHTS[i] * +n[i];
    if ("10X98765432"[sum % 11] !== n[17]) return wrong + "末位校验码不符（GB 11643-1999），请核对证件后重新填写";
    var y = +n.slice(6, 10), m = +n.slice(10, 12), d = +n.slice(12, 14), born = new Date(Date.UTC(y, m - 1, d));
    if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) {
      return wrong + "中的出生日期（第7至14位）不是有效日期，请核对证件后重新填写";
    }
    return "";
  }
  function genderProblem(gender, number) {
    // the server's check (domain/parties.check_gender): the 17th digit of an 18-character number, odd for men
    var n = (number || "").replace(/\s/g, "").toUpperCase();
    if (!gender) return "";
    if (gender !== "男" && gender !== "女") return "性别“" + gender + "”应填写“男”或“女”";
    if (!/^\d{17}[\dX]$/.test(n)) return "";
    var derived = +n[16] % 2 ? "男" : "女";
    return gender === derived ? "" : "性别“" + gender + "”与身份证件号码不符：号码第17位表示" + derived + "性，请核对证件";
  }
  function phoneProblem(phone) {
    // the server's check (domain/parties.check_phone): 5 to 20 digits with spaces, -, brackets, + or 转
    var p = (phone || "").trim(), digits = p.replace(/\D/g, "").length;
    if (!p) return "";
    if (!/^\+?[\d\s\-()（）转]+$/.test(p) || digits < 5 || digits > 20) {
      return "被询问人联系电话“" + p + "”不是有效的电话号码：应为5至20位数字，可含空格、“-”、括号、开头的“+”或分机“转”";
    }
    return "";
  }
  function isRecord(draft) { return draft.kind === "record" && (draft.data.kind === "onsite" || draft.data.kind === "inquiry"); }
  function startTime(draft) { return (draft.data.started_at || "").slice(11, 16); }
  var FIELDS = {
    ended_at: function (draft) {
      return { name: "ended_at", type: "time", label: "结束时间（开始于 " + startTime(draft) + "）", missing: "结束时间",
        value: (draft.data.ended_at || "").slice(11, 16) };
    },
    present: function (draft) {
      var who = draft.data.kind === "inquiry" ? "被询问人姓名" : "当事人或在场人员";
      return { name: "present", type: "text", label: who, missing: who, value: draft.data.present || "" };
    },
    content: function (draft) {
      return { name: "content", type: "textarea", label: draft.data.kind === "inquiry" ? "询问内容（问答，至少10个字）" : "现场检查情况（至少10个字）",
        missing: "内容（至少10个字）", value: draft.data.content || "" };
    },
    id_number: function (draft) {
      return { name: "id_number", type: "text", label: "被询问人身份证件号码", missing: "身份证件号码", value: draft.data.id_number || "" };
    },
    gender: function (draft) {
      return { name: "gender", type: "text", label: "被询问人性别（男或女）", missing: "性别", value: draft.data.gender || "" };
    },
    phone: function (draft) {
      return { name: "phone", type: "tel", label: "被询问人联系电话", missing: "联系电话", value: draft.data.phone || "" };
    }
  };
  // server refusals of a value the officer can correct on the draft itself
  var CODE_FIELDS = { onsite_end_missing: "ended_at", bad_time: "ended_at", invalid_id_number: "id_number",
    invalid_gender: "gender", gender_id_mismatch: "gender", invalid_phone: "phone" };

  function gaps(draft) {
    // what the server requires of a 现场笔录 / 询问笔录 and the draft lacks (older pages did not ask for it)
    if (!isRecord(draft)) return [];
    var d = draft.data, out = [];
    if (!d.ended_at) out.push("ended_at");
    if (!(d.present || "").trim()) out.push("present");
    if ((d.content || "").trim().length < 10) out.push("content");
    return out;
  }
  function fixable(draft) {
    if (draft.status === "done" || draft.status === "syncing" || !isRecord(draft)) return [];
    var names = gaps(draft), named = draft.status === "refused" && CODE_FIELDS[draft.code];
    if (named && names.indexOf(named) === -1) names.push(named);
    return names.map(function (n) { return FIELDS[n](draft); });
  }
  function gapMessage(draft) {
    var names = gaps(draft), missing = names.map(function (n) { return FIELDS[n](draft).missing; });
    var why = names.indexOf("ended_at") !== -1 ? "（早先版本的页面保存的草稿没有结束时间）" : "";
    return "草稿缺少" + missing.join("、") + why + "，服务器不会登记：请在下面补填后同步，不会替您自动填写；草稿仍保存在本机。";
  }
  var KEY_REUSED = "此草稿的幂等键已用于内容不同的另一次提交，可能在补填之前已经登记：请先打开案件核对；确未登记的，可作为新提交重新发送。";

  // --- sending ---------------------------------------------------------------------------------------
  var token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  function freshToken() {
    return fetch("/m/csrf", { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (r.redirected || !r.ok) throw { login: true };
      return r.json();
    }).then(function (j) { token = j.csrf_token; return token; });
  }

  function request(draft) {
    var headers = { "Idempotency-Key": draft.key, "X-CSRF-Token": token, Accept: "application/json" };
    var init = { method: "POST", credentials: "same-origin", headers: headers };
    if (draft.kind === "penalty") {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(draft.data);
      return fetch("/api/v1/cases/summary-penalty", init);
    }
    if (draft.version != null) headers["If-Match"] = '"' + draft.version + '"';
    var form = new FormData();
    form.append("data", JSON.stringify(draft.data));
    (draft.photos || []).forEach(function (p) { form.append("photos", p.blob, p.name); });
    init.body = form;
    return fetch("/api/v1/cases/" + encodeURIComponent(draft.case_id) + "/onsite-records", init);
  }

  function sendOne(draft, retried) {
    draft.status = "syncing";
    return put(draft).then(function () { return request(draft); }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (r.status === 403 && body.code === "csrf_failed" && !retried) {
          return freshToken().then(function () { return sendOne(draft, true); });
        }
        if (r.status === 401) { draft.status = "login"; draft.error = "登录已过期：请重新登录，草稿仍保存在本机"; }
        else if (r.ok) { draft.status = "done"; draft.result = body; draft.error = ""; }
        else if (r.status === 409 && body.code === "case_changed") {
          draft.status = "conflict"; draft.error = body.message; draft.current = body.details || {};
        } else if (r.status === 409 || r.status >= 500) { draft.status = "queued"; draft.error = body.message || "服务器暂时无法处理，稍后重试"; }
        else {
          draft.status = "refused"; draft.code = body.code || "";
          draft.error = draft.code === "idempotency_key_reused" ? KEY_REUSED : (body.message || ("请求被拒绝（" + r.status + "）"));
          if (gaps(draft).length) draft.error += "。" + gapMessage(draft);
        }
        return put(draft);
      });
    }, function (e) {
      draft.status = e && e.login ? "login" : "queued";
      draft.error = e && e.login ? "登录已过期：请重新登录，草稿仍保存在本机" : "网络不可用，联网后自动同步";
      return put(draft);
    });
  }

  var syncing = null;
  function sync() {
    if (syncing) return syncing;
    syncing = all().then(function (drafts) {
      var due = drafts.filter(function (d) { return d.status === "queued" || d.status === "syncing"; });
      due.sort(function (a, b) { return a.created < b.created ? -1 : 1; });
      return due.reduce(function (p, d) { return p.then(function () { return sendOne(d, false); }); }, Promise.resolve());
    }).then(show, show).then(function () { syncing = null; });
    return syncing;
  }

  function save(draft) {
    draft.id = draft.id || uuid();
    draft.key = draft.key || uuid();
    draft.created = draft.created || new Date().toISOString();
    draft.status = "queued";
    return put(draft).then(function () { show(); if (navigator.onLine) return sync(); });
  }

  // --- the list of drafts --------------------------------------------------------------------------------
  function printButton(draft) {
    var zp = window.zhifaPrint;
    if (!zp || typeof zp.printDocument !== "function" || !draft.result || !draft.result.case) return null;
    var b = el("button", "btn", "蓝牙打印决定书");
    b.type = "button";
    b.addEventListener("click", function () {
      // the decision is made (制作文书) once, then its ledger seq is printed with the verification QR code
      var caseId = draft.result.case.id, issued = draft.printed ? Promise.resolve(draft.printed) :
        fetch("/api/v1/cases/" + encodeURIComponent(caseId) + "/documents", {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": token, Accept: "application/json" },
          body: JSON.stringify({ kind: "summary_decision", pdf: false })
        }).then(function (r) { return r.json().then(function (j) { if (!r.ok) throw j; draft.printed = j.seq; return put(draft).then(function () { return j.seq; }); }); });
      issued.then(function (seq) { return zp.printDocument(caseId, seq, 58); })
        .catch(function (e) { alert((e && e.message) || "打印失败"); });
    });
    return b;
  }

  var RECORD_DOCUMENTS = { SiteInspected: "site_record", InquiryRecorded: "inquiry_record" };
  function recordLink(draft) {
    // a synced 现场笔录 / 询问笔录 is a ledger record of its own: its 笔录 is made from that record's seq
    var made = draft.result && draft.result.appended && draft.result.appended[0];
    var code = made && RECORD_DOCUMENTS[made.type];
    if (!code) return null;
    var a = el("a", "btn", "下载笔录（Word）");
    a.href = "/cases/" + encodeURIComponent(draft.result.case.id) + "/documents/" + code + "/file?format=docx&record=" + made.seq;
    return a;
  }

  function fixData(draft, name, value) {
    if (name === "ended_at") return (draft.data.started_at || "").slice(0, 11) + value + ":00";
    return value;
  }
  function fixProblem(draft, field, value) {
    if (!value) return "请填写" + field.missing;
    if (field.name === "ended_at" && value <= startTime(draft)) return "结束时间（" + value + "）应晚于开始时间（" + startTime(draft) + "）";
    if (field.name === "content" && value.length < 10) return "内容不足10个字，请补充";
    if (field.name === "id_number") return idNumberProblem(value);
    if (field.name === "gender") return genderProblem(value, draft.data.id_number);
    if (field.name === "phone") return phoneProblem(value);
    return "";
  }
  function fixForm(draft, fields) {
    // the officer completes the draft on the list; it is sent with its own key, as any queued draft
    var box = el("div", "draft-fix"), inputs = [];
    fields.forEach(function (f) {
      var id = "fix-" + draft.id + "-" + f.name, label = el("label", "req", f.label), input;
      label.htmlFor = id;
      if (f.type === "textarea") { input = el("textarea"); input.rows = 3; } else { input = el("input"); input.type = f.type; }
      input.id = id; input.name = f.name; input.value = f.value;
      var field = el("div", "field"); field.appendChild(label); field.appendChild(input); box.appendChild(field);
      inputs.push({ field: f, input: input });
    });
    var problem = el("div", "draft-error"); problem.hidden = true; problem.setAttribute("role", "alert");
    box.appendChild(problem);
    var send = el("button", "btn btn-primary", "补填并同步"); send.type = "button";
    send.addEventListener("click", function () {
      var errors = inputs.map(function (x) { return fixProblem(draft, x.field, x.input.value.trim()); }).filter(Boolean);
      if (errors.length) { problem.textContent = errors.join("；"); problem.hidden = false; return; }
      inputs.forEach(function (x) { draft.data[x.field.name] = fixData(draft, x.field.name, x.input.value.trim()); });
      draft.status = "queued"; draft.error = ""; draft.code = "";
      put(draft).then(function () { return navigator.onLine ? (syncing || Promise.resolve()).then(sync) : show(); });
    });
    box.appendChild(send);
    return box;
  }

  function actions(draft) {
    var box = el("div", "draft-actions");
    function button(label, fn, cls) { var b = el("button", "btn " + (cls || ""), label); b.type = "button"; b.addEventListener("click", fn); box.appendChild(b); }
    if (draft.status === "conflict") {
      var a = el("a", "btn", "查看案件"); a.href = "/cases/" + encodeURIComponent(draft.case_id); box.appendChild(a);
      button("按最新情况重新提交", function () {
        draft.version = draft.current.current_version; draft.key = uuid(); draft.status = "queued"; draft.error = "";
        put(draft).then(sync);
      }, "btn-primary");
    }
    if (draft.status === "refused" && draft.code === "idempotency_key_reused") {
      if (draft.case_id) { var c = el("a", "btn", "查看案件"); c.href = "/cases/" + encodeURIComponent(draft.case_id); box.appendChild(c); }
      button("作为新提交重新发送", function () {
        draft.key = uuid(); draft.status = "queued"; draft.error = ""; draft.code = "";
        put(draft).then(sync);
      });
    }
    if (draft.status === "login") { var l = el("a", "btn btn-primary", "重新登录"); l.href = "/login?next=" + encodeURIComponent(location.pathname); box.appendChild(l); }
    if (draft.status === "done") {
      var p = printButton(draft); if (p) box.appendChild(p);
      var r = recordLink(draft); if (r) box.appendChild(r);
    }
    if (draft.status !== "syncing") {
      button(draft.status === "done" ? "从列表移除" : "放弃草稿", function () {
        if (draft.status === "done" || confirm("放弃后草稿不可恢复，确定放弃？")) remove(draft.id).then(show);
      }, "btn-link");
    }
    return box;
  }

  function show() {
    var list = $("drafts");
    if (!list) return Promise.resolve();
    return all().then(function (drafts) {
      drafts.sort(function (a, b) { return a.created < b.created ? 1 : -1; });
      list.textContent = "";
      var waiting = 0;
      drafts.forEach(function (d) {
        if (d.status === "queued" || d.status === "syncing") waiting++;
        var li = el("li", "draft draft-" + d.status);
        li.setAttribute("data-status", d.status);
        var head = el("div", "draft-head");
        head.appendChild(el("strong", null, TITLES[d.data.kind || d.kind] || "草稿"));
        head.appendChild(el("span", "tag draft-status", STATUS[d.status] || d.status));
        li.appendChild(head);
        li.appendChild(el("div", "muted", d.label + " · " + d.created.slice(0, 16).replace("T", " ")));
        if (d.status === "done" && d.result && d.result.case) {
          var ok = el("div", "draft-result");
          ok.appendChild(document.createTextNode(d.result.docno ? "文号：" + d.result.docno + " " : "已记入案件 "));
          var link = el("a", null, "打开案件"); link.href = "/cases/" + encodeURIComponent(d.result.case.id); ok.appendChild(link);
          li.appendChild(ok);
        }
        var fields = fixable(d);
        var error = [d.error, d.status === "queued" && gaps(d).length ? gapMessage(d) : ""].filter(Boolean).join("。");
        if (error && d.status !== "done") li.appendChild(el("div", "draft-error", error));
        if (fields.length) li.appendChild(fixForm(d, fields));
        li.appendChild(actions(d));
        list.appendChild(li);
      });
      if (!drafts.length) list.appendChild(el("li", "muted", "本机没有草稿"));
      var net = $("net-status");
      if (net) {
        net.textContent = (navigator.onLine ? "在线" : "离线：草稿保存在本机，联网后自动同步") + (waiting ? "（待同步 " + waiting + " 件）" : "");
        net.className = "net-status " + (navigator.onLine ? "online" : "offline");
      }
    });
  }

  // --- location ------------------------------------------------------------------------------------------
  var lastFix = null;
  function locate(statusEl) {
    return new Promise(function (resolve) {
      if (!("geolocation" in navigator)) { if (statusEl) statusEl.textContent = "此浏览器不支持定位"; resolve(null); return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        lastFix = { latitude: +pos.coords.latitude.toFixed(6), longitude: +pos.coords.longitude.toFixed(6), accuracy: Math.round(pos.coords.accuracy) };
        if (statusEl) statusEl.textContent = "已定位：纬度 " + lastFix.latitude + "，经度 " + lastFix.longitude + "（约 " + lastFix.accuracy + " 米）";
        resolve(lastFix);
      }, function () { if (statusEl) statusEl.textContent = "定位失败，可在内容中写明地点"; resolve(null); },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }
  function localNow() {
    var d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    return d.toISOString().slice(0, 19);
  }

  window.zhifaMobile = { save: save, sync: sync, show: show, all: all, put: put, locate: locate, localNow: localNow,
    lastFix: function () { return lastFix; }, gaps: gaps, fieldLabel: function (draft, name) { return FIELDS[name](draft).missing; },
    idNumberProblem: idNumberProblem, genderProblem: genderProblem, phoneProblem: phoneProblem };

  document.addEventListener("DOMContentLoaded", function () {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (reg) {
        if (navigator.onLine && reg.active) reg.active.postMessage("refresh-pages");
      }).catch(function () {});
    }
    window.addEventListener("online", function () { show(); sync(); });
    window.addEventListener("offline", show);
    var now = $("sync-now");
    if (now) now.addEventListener("click", sync);
    show().then(function () { if (navigator.onLine) sync(); });
  });
})();

/* 现场笔录 / 询问笔录 / 现场照片 on the phone: each photo gets the time it was taken and the location at
 * that moment; the draft remembers the case version it was written against (sent as If-Match). */
(function () {
  "use strict";
  function $(id) { return document.getElementById(id); }
  var form, photos = [];

  function value(name) { var f = form.elements[name]; return f ? (f.value || "").trim() : ""; }

  function addPhotos() {
    var files = Array.prototype.slice.call($("photos").files || []);
    var when = new Date();
    window.zhifaMobile.locate(null).then(function (fix) {
      files.forEach(function (file) {
        var taken = new Date(file.lastModified || when.getTime());
        taken.setMinutes(taken.getMinutes() - taken.getTimezoneOffset());
        photos.push({ blob: file, name: file.name || ("photo-" + photos.length + ".jpg"),
          meta: { taken_at: taken.toISOString().slice(0, 19), latitude: fix ? fix.latitude : null,
                  longitude: fix ? fix.longitude : null, accuracy: fix ? fix.accuracy : null } });
      });
      $("photos").value = "";
      preview();
    });
  }

  function preview() {
    var box = $("photo-preview");
    box.textContent = "";
    photos.forEach(function (p) {
      var fig = document.createElement("figure");
      if (/^image\//.test(p.blob.type)) {
        var img = document.createElement("img");
        img.alt = p.name; img.src = URL.createObjectURL(p.blob);
        img.onload = function () { URL.revokeObjectURL(img.src); };
        fig.appendChild(img);
      }
      var cap = document.createElement("figcaption");
      cap.textContent = p.meta.taken_at.replace("T", " ") + (p.meta.latitude != null ? " · 已定位" : " · 未定位");
      fig.appendChild(cap);
      box.appendChild(fig);
    });
  }

  function submit(e) {
    e.preventDefault();
    var option = form.elements.case_id.selectedOptions[0];
    if (!option || !option.value) { $("form-errors").textContent = "请选择案件"; $("form-errors").hidden = false; return; }
    var fix = window.zhifaMobile.lastFix() || {};
    var kind = value("kind");
    var started = value("started_at").length === 16 ? value("started_at") + ":00" : value("started_at");
    var end = value("ended_at") || window.zhifaMobile.localNow().slice(11, 16);
    var data = {
      kind: kind, place: value("place"), started_at: started,
      ended_at: kind === "photos" ? null : started.slice(0, 11) + end + ":00",
      refused_signature: form.elements.refused_signature.checked, witness: value("witness"),
      present: value("present"), content: value("content") || (kind === "photos" ? "现场拍摄照片" : ""),
      latitude: fix.latitude == null ? null : fix.latitude, longitude: fix.longitude == null ? null : fix.longitude,
      accuracy: fix.accuracy == null ? null : fix.accuracy, co_handler_id: parseInt(value("co_handler_id"), 10),
      inquiry_of: value("inquiry_of") || "party", id_number: kind === "inquiry" ? value("id_number") : "",
      gender: kind === "inquiry" ? value("gender") : "", work_unit: kind === "inquiry" ? value("work_unit") : "",
      address: kind === "inquiry" ? value("address") : "", phone: kind === "inquiry" ? value("phone") : "",
      photos: photos.map(function (p) { return p.meta; })
    };
    var draft = { kind: "record", case_id: option.value, version: parseInt(option.dataset.version, 10),
      label: option.textContent, data: data, photos: photos.slice() };
    // what the server would refuse is said here, on site, not after the sync
    var problems = window.zhifaMobile.gaps(draft).filter(function (n) { return n !== "ended_at"; }).map(function (n) {
      return n === "content" ? "内容不足10个字" : "请填写" + window.zhifaMobile.fieldLabel(draft, n);
    });
    var idProblem = window.zhifaMobile.idNumberProblem(data.id_number);
    if (idProblem) problems.push(idProblem);
    var genderProblem = idProblem ? "" : window.zhifaMobile.genderProblem(data.gender, data.id_number);
    if (genderProblem) problems.push(genderProblem);
    var phoneProblem = window.zhifaMobile.phoneProblem(data.phone);
    if (phoneProblem) problems.push(phoneProblem);
    if (problems.length) { $("form-errors").textContent = problems.join("；"); $("form-errors").hidden = false; return; }
    window.zhifaMobile.save(draft).then(function () {
      photos = []; preview(); form.elements.content.value = ""; form.elements.present.value = ""; form.elements.id_number.value = "";
      ["gender", "work_unit", "address", "phone"].forEach(function (n) { form.elements[n].value = ""; });
      form.elements.ended_at.value = ""; form.elements.witness.value = ""; form.elements.refused_signature.checked = false;
      $("form-errors").hidden = true; $("saved").hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = $("record-form");
    if (!form) return;
    form.elements.started_at.value = window.zhifaMobile.localNow().slice(0, 16);
    $("photos").addEventListener("change", addPhotos);
    form.addEventListener("submit", submit);
    form.elements.kind.addEventListener("change", function () {
      var kind = value("kind");
      $("inquiry-field").hidden = $("id-number-field").hidden = $("interviewee-fields").hidden = kind !== "inquiry";
      $("present-label").textContent = kind === "inquiry" ? "被询问人姓名" : "当事人或在场人员";
      $("present-label").className = kind === "photos" ? "" : "req";
      $("end-field").hidden = value("kind") === "photos";
      $("signature-field").hidden = value("kind") !== "onsite";
    });
    $("locate-button").addEventListener("click", function () { window.zhifaMobile.locate($("geo-status")); });
    window.zhifaMobile.locate($("geo-status"));
  });
})();

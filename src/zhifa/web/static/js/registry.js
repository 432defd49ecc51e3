/* zhifa 执法 — party auto-fill from the market-entity registry (登记信息) on the clue, filing and party forms.
   Typing a 统一社会信用代码 fills the name, address and kind; a name that differs from the register is flagged;
   typing a name offers registered names; a 身份证号 shows birth date, gender and age at the act's date. */
(function () {
  "use strict";

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); });
  }

  function note(input, key) {
    var id = input.id + "-" + key;
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.className = "hint registry-note";
      el.setAttribute("aria-live", "polite");
      input.parentNode.appendChild(el);
    }
    return el;
  }

  function say(el, text, warn) {
    el.textContent = text;
    el.classList.toggle("alert-warning", !!warn);
  }

  function field(form, prefix, name) {
    return form.querySelector('[name="' + prefix + name + '"]');
  }

  function fillIfEmpty(input, value) {
    if (input && value && !input.value.trim()) input.value = value;
  }

  function bindParty(form, prefix) {
    var uscc = field(form, prefix, "uscc");
    var name = field(form, prefix, "name");
    var idNumber = field(form, prefix, "id_number");
    var address = field(form, prefix, "address");
    var kind = field(form, prefix, "kind");
    if (uscc && name) {
      var check = function () {
        var code = uscc.value.trim().toUpperCase();
        var out = note(uscc, "registry");
        if (code.length !== 18) { say(out, ""); return; }
        var url = "/api/v1/registry/check/" + encodeURIComponent(code);
        if (name.value.trim()) url += "?name=" + encodeURIComponent(name.value.trim());
        get(url).then(function (r) {
          if (!r.ok) { say(out, r.body.message || "登记信息查询失败", true); return; }
          if (!r.body.found) { say(out, r.body.message, r.body.code !== "registry_entity_not_found"); return; }
          var e = r.body.entity;
          fillIfEmpty(name, e.name);
          fillIfEmpty(address, e.domicile);
          if (kind) kind.value = code.indexOf("92") === 0 ? "individual_business" : "organization";
          var use = form.querySelector('[name="' + prefix + '__use"]');
          if (use) use.checked = true;
          var text = "登记信息：" + e.name + "（" + (e.entity_type || "市场主体") + "，" + (e.status || "状态不详") + "）"
            + (e.label ? "【" + e.label + "】" : "");
          var differs = e.name_check && e.name_check.differs;
          say(out, differs ? e.name_check.message : text, differs);
        });
      };
      uscc.addEventListener("change", check);
      name.addEventListener("change", function () { if (uscc.value.trim()) check(); });
      var list = document.createElement("datalist");
      list.id = name.id + "-registry";
      name.parentNode.appendChild(list);
      name.setAttribute("list", list.id);
      var timer = null;
      name.addEventListener("input", function () {
        clearTimeout(timer);
        var q = name.value.trim();
        if (q.length < 2 || uscc.value.trim()) return;
        timer = setTimeout(function () {
          get("/api/v1/registry?limit=8&name=" + encodeURIComponent(q)).then(function (r) {
            if (!r.ok) return;
            list.innerHTML = "";
            r.body.items.forEach(function (e) {
              var option = document.createElement("option");
              option.value = e.name;
              option.label = e.uscc + (e.label ? "（" + e.label + "）" : "");
              option.setAttribute("data-uscc", e.uscc);
              list.appendChild(option);
            });
            var exact = r.body.items.filter(function (e) { return e.name === q; })[0];
            if (exact) { uscc.value = exact.uscc; check(); }
          });
        }, 250);
      });
    }
    if (idNumber) {
      idNumber.addEventListener("change", function () {
        var number = idNumber.value.trim().toUpperCase();
        var out = note(idNumber, "person");
        if (number.length !== 18) { say(out, ""); return; }
        var act = form.querySelector('[name="act_date"]');
        var url = "/api/v1/registry/persons/" + encodeURIComponent(number)
          + (act && act.value ? "?act_on=" + encodeURIComponent(act.value) : "");
        get(url).then(function (r) {
          if (!r.ok) { say(out, r.body.message || "身份证号码核验失败", true); return; }
          var p = r.body;
          var text = "出生日期 " + p.birth_date + "，" + p.gender_label
            + (p.age !== null ? "，违法行为时 " + p.age + " 周岁" : "");
          if (p.factors.indexOf("under_14") >= 0) text += "：不满十四周岁，不予行政处罚（行政处罚法第三十条）";
          else if (p.factors.indexOf("minor_14_to_18") >= 0) text += "：未成年人，应当从轻或者减轻（行政处罚法第三十条）";
          say(out, text, p.minor);
        });
      });
    }
  }

  // A button that adds a prepared sentence to a text area: data-append-to="#id" data-text="…".
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-append-to]") : null;
    if (!button) return;
    var area = document.querySelector(button.getAttribute("data-append-to"));
    var text = button.getAttribute("data-text") || "";
    if (area && text && area.value.indexOf(text) < 0) area.value = (area.value.trim() + "\n" + text).trim();
  });

  function start() {
    document.querySelectorAll("form").forEach(function (form) {
      form.querySelectorAll('[name$="uscc"], [name$="id_number"]').forEach(function (input) {
        var prefix = input.name.slice(0, input.name.lastIndexOf(".") + 1);
        if (form.getAttribute("data-registry-" + prefix)) return;
        form.setAttribute("data-registry-" + prefix, "1");
        bindParty(form, prefix);
      });
    });
  }

  if (document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
})();

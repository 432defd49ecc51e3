/* zhifa 执法 — small behaviours of the server-rendered pages (no inline scripts: CSP script-src 'self'). */
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  onReady(function () {
    // Phone: the left navigation opens as a menu.
    var toggle = document.querySelector("[data-nav-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = document.body.classList.toggle("nav-open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }

    // Forms and buttons that need a confirmation: data-confirm="确定删除……？"
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var message = form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) event.preventDefault();
    }, true);

    // Send the CSRF token with every htmx request (the token is in <meta name="csrf-token">).
    var meta = document.querySelector('meta[name="csrf-token"]');
    document.body.addEventListener("htmx:configRequest", function (event) {
      if (meta) event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
    });

    // Auto-submit selects of filter forms: <select data-autosubmit>.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
})();

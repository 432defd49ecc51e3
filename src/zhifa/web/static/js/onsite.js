/* 现场笔录 on a phone: the browser's location into hidden fields, previews of the photos taken. */
(function () {
  "use strict";
  function $(id) { return document.getElementById(id); }

  function locate() {
    var status = $("geo-status");
    if (!("geolocation" in navigator)) { status.textContent = "此浏览器不支持定位，可在笔录中写明地点"; return; }
    status.textContent = "正在定位……";
    navigator.geolocation.getCurrentPosition(function (pos) {
      var c = pos.coords;
      $("latitude").value = c.latitude.toFixed(6);
      $("longitude").value = c.longitude.toFixed(6);
      $("accuracy").value = Math.round(c.accuracy);
      status.textContent = "已定位：纬度 " + c.latitude.toFixed(6) + "，经度 " + c.longitude.toFixed(6) + "（精度约 " + Math.round(c.accuracy) + " 米）";
      status.className = "";
    }, function (err) {
      status.textContent = "定位失败（" + (err.code === 1 ? "未获授权" : "无法取得位置") + "），可在笔录中写明地点";
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  function preview() {
    var box = $("photo-preview");
    box.textContent = "";
    Array.prototype.forEach.call($("photos").files || [], function (file) {
      if (!/^image\//.test(file.type)) return;
      var img = document.createElement("img");
      img.alt = file.name;
      img.src = URL.createObjectURL(file);
      img.onload = function () { URL.revokeObjectURL(img.src); };
      box.appendChild(img);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = $("geo-button");
    if (!button) return;
    button.addEventListener("click", locate);
    $("photos").addEventListener("change", preview);
    if (!$("latitude").value) locate();
  });
})();

/* Charts of /stats: ECharts (vendored, same origin), data from the JSON block (the CSP allows no inline code). */
(function () {
  "use strict";
  function optionFor(d) {
    if (d.kind === "rates") {
      return {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : (v * 100).toFixed(1) + "%"; } },
        grid: { left: 150, right: 50, top: 10, bottom: 30 },
        yAxis: { type: "category", data: d.labels, inverse: true },
        xAxis: { type: "value", min: 0, max: 1, axisLabel: { formatter: function (v) { return v * 100 + "%"; } } },
        series: [{ type: "bar", data: d.values, label: { show: true, position: "right",
          formatter: function (p) { return p.value === null ? "—" : (p.value * 100).toFixed(1) + "%"; } } }]
      };
    }
    if (d.kind === "line") {
      return {
        tooltip: { trigger: "axis" }, legend: { top: 0 },
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        xAxis: { type: "category", data: d.labels }, yAxis: { type: "value", minInterval: 1 },
        series: d.series.map(function (s) { return { name: s[0], type: "line", data: s[1] }; })
      };
    }
    if (d.kind === "treemap") {
      return { tooltip: {}, series: [{ type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false },
        data: d.items, label: { show: true, formatter: "{b}\n{c}" } }] };
    }
    if (d.kind === "pie") {
      return { tooltip: { trigger: "item" }, legend: { bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], data: d.items, label: { formatter: "{b}：{c}" } }] };
    }
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 170, right: 40, top: 10, bottom: 30 },
      yAxis: { type: "category", data: d.labels, inverse: true, axisLabel: { width: 160, overflow: "truncate" } },
      xAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: d.values, label: { show: true, position: "right" } }]
    };
  }
  function draw() {
    var block = document.getElementById("stats-charts");
    if (!block || typeof echarts === "undefined") { return; }
    var charts = JSON.parse(block.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var d = charts[el.getAttribute("data-chart")];
      if (!d) { return; }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(optionFor(d));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();

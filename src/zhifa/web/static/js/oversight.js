/* Charts of /stats/consistency and /stats/supervision: ECharts (vendored), data from the JSON block. */
(function () {
  "use strict";
  function optionFor(kind, d) {
    if (kind === "box") {
      return {
        tooltip: { trigger: "item" },
        grid: { left: 180, right: 20, top: 20, bottom: 40 },
        yAxis: { type: "category", data: d.labels, inverse: true, axisLabel: { width: 170, overflow: "truncate" } },
        xAxis: { type: "value", name: "在法定幅度中的位置", nameLocation: "middle", nameGap: 26 },
        series: [
          { name: "位置分布", type: "boxplot", data: d.boxes },
          { name: "异常案件", type: "scatter", data: d.outliers.map(function (p) { return [p[1], p[0]]; }) }
        ]
      };
    }
    if (kind === "scatter") {
      return {
        tooltip: { trigger: "item" },
        grid: { left: 50, right: 20, top: 20, bottom: 40 },
        xAxis: { type: "value", name: "案件序号", nameLocation: "middle", nameGap: 26 },
        yAxis: { type: "value", name: "位置" },
        series: [{ name: "位置", type: "scatter", symbolSize: 6, data: d.points }]
      };
    }
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 150, right: 30, top: 20, bottom: 30 },
      yAxis: { type: "category", data: d.labels, inverse: true },
      xAxis: { type: "value", minInterval: 1 },
      series: [{ name: "数量", type: "bar", data: d.values, label: { show: true, position: "right" } }]
    };
  }
  function draw() {
    var block = document.getElementById("oversight-charts");
    if (!block || typeof echarts === "undefined") { return; }
    var charts = JSON.parse(block.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var d = charts[el.getAttribute("data-chart")];
      if (!d) { return; }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(optionFor(d.kind, d));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();

// Draws the dashboard's charts with ECharts from the JSON the page carries (#monitoring-charts).
// Without JavaScript the tables of the page hold the same figures.
(function () {
  "use strict";
  function draw() {
    var data = document.getElementById("monitoring-charts");
    if (!data || !window.echarts) { return; }
    var charts = JSON.parse(data.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var dark = document.body.classList.contains("screen");
    var text = dark ? "#f8f9fa" : "#212529";
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var chart = charts[Number(box.dataset.index)];
      if (!chart) { return; }
      var trend = box.dataset.chart === "trend";
      var mark = chart.target === null ? undefined : {
        silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#6c757d" },
        label: { formatter: box.dataset.targetLabel + " " + chart.target, color: text },
        data: [trend ? { yAxis: chart.target } : { xAxis: chart.target }]
      };
      var names = chart.ranked.map(function (row) { return row[0]; });
      var values = chart.ranked.map(function (row) { return row[1]; });
      var option = trend ? {
        grid: { left: 48, right: 24, top: 24, bottom: 32 },
        xAxis: { type: "category", data: chart.years, inverse: rtl, axisLabel: { color: text } },
        yAxis: { type: "value", position: rtl ? "right" : "left", axisLabel: { color: text } },
        series: [{ type: "line", data: chart.trend, connectNulls: false, markLine: mark }]
      } : {
        grid: { left: rtl ? 48 : 120, right: rtl ? 120 : 48, top: 16, bottom: 24 },
        xAxis: { type: "value", inverse: rtl, axisLabel: { color: text } },
        yAxis: { type: "category", data: names, inverse: true, position: rtl ? "right" : "left", axisLabel: { color: text } },
        series: [{ type: "bar", data: values, markLine: mark,
          label: { show: true, position: rtl ? "left" : "right", color: text } }]
      };
      option.animation = false;
      option.aria = { enabled: true };
      window.echarts.init(box, null, { renderer: "canvas" }).setOption(option);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
  // The 大屏 replaces its content every few minutes (htmx): draw the new charts.
  document.addEventListener("htmx:afterSettle", draw);
}());

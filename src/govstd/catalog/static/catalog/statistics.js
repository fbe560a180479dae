// Table 2's chart: stacked bars per subsystem, read from the table on the page (ECharts).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("chart");
  if (!element || !window.echarts) {
    return;
  }
  const rows = [...document.querySelectorAll("#table2 tr.subtotal")];
  const names = [...document.querySelectorAll("#table2 th.group")].map((th) => th.textContent.trim());
  const levels = [...document.querySelectorAll("#table2 thead th")].slice(1, -1).map((th) => th.textContent.trim());
  const series = levels.map((level, i) => ({
    name: level, type: "bar", stack: "total",
    data: rows.map((r) => Number(r.querySelectorAll("td.n")[i].textContent)),
  }));
  const chart = window.echarts.init(element);
  // The tooltip is drawn in the canvas (richText): its HTML form carries style attributes, which
  // the Content-Security-Policy refuses.
  chart.setOption({
    tooltip: {trigger: "axis", renderMode: "richText"}, legend: {},
    xAxis: {type: "category", data: names}, yAxis: {type: "value"}, series,
  });
});

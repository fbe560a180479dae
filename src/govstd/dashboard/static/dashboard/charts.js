// The monitoring pages' charts (ECharts): an indicator's history against its target, a data source's
// rejects by reason. The data is a JSON block rendered by the page (json_script), never inline code.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) {
    return;
  }
  const read = (id) => {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  };
  const font = {fontFamily: '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'};

  const history = read("indicator-chart-data");
  const historyBox = document.getElementById("indicator-chart");
  if (history && historyBox) {
    const label = {hour: (d) => `${d.slice(5, 10)} ${d.slice(11, 16)}`, day: (d) => d.slice(0, 10), month: (d) => d.slice(0, 7)};
    const marks = [];
    if (history.low !== null) {
      marks.push({yAxis: history.low, name: history.target_label});
    }
    if (history.high !== null && history.high !== history.low) {
      marks.push({yAxis: history.high, name: history.target_label});
    }
    const chart = window.echarts.init(historyBox);
    chart.setOption({
      textStyle: font,
      // Tooltips in the canvas (richText): the HTML tooltip carries style attributes the CSP refuses.
      tooltip: {trigger: "axis", renderMode: "richText"},
      grid: {left: 60, right: 100, top: 30, bottom: 60},
      dataZoom: [{type: "inside"}, {type: "slider", height: 18, bottom: 10}],
      xAxis: {type: "category", data: history.points.map((p) => label[history.period](p[0]))},
      // The axis takes in both target lines (a line outside the values' range would not be drawn) and the
      // series is drawn straight: a smoothed curve overshoots the values it passes through.
      yAxis: {type: "value", scale: true, name: history.unit,
        min: (extent) => Math.min(extent.min, ...marks.map((m) => m.yAxis)),
        max: (extent) => Math.max(extent.max, ...marks.map((m) => m.yAxis))},
      series: [{
        name: history.value_label, type: "line", smooth: false, showSymbol: history.points.length < 60,
        data: history.points.map((p) => ({value: p[1], itemStyle: {color: p[2] ? "#1e7b34" : "#b3261e"}})),
        lineStyle: {color: "#1f4e79"},
        markLine: {symbol: "none", lineStyle: {color: "#c77700", type: "dashed"},
          label: {formatter: `${history.target_label} {c}`, position: "end"}, data: marks},
      }],
    });
    window.addEventListener("resize", () => chart.resize());
  }

  const rejects = read("rejects-chart-data");
  const rejectsBox = document.getElementById("rejects-chart");
  if (rejects && rejectsBox) {
    const chart = window.echarts.init(rejectsBox);
    chart.setOption({
      textStyle: font,
      tooltip: {renderMode: "richText"},
      grid: {left: 200, right: 60, top: 10, bottom: 10},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", inverse: true, data: rejects.items.map((x) => x[0])},
      series: [{name: rejects.label, type: "bar", barWidth: 14, data: rejects.items.map((x) => x[1]),
        itemStyle: {color: "#b3261e"}, label: {show: true, position: "right"}}],
    });
    window.addEventListener("resize", () => chart.resize());
  }
});

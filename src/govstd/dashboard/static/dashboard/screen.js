// The large screen (大屏): a fixed 1920×1080 canvas scaled to the window; each tile polls its JSON
// endpoint and merges the answer into its charts with setOption, so the screen refreshes itself
// without flicker. No inline script or style: the CSP forbids them, so sizes are set through the
// CSSOM and everything else is a class of screen.css.
"use strict";

(() => {
  const WIDTH = 1920;
  const HEIGHT = 1080;
  const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';
  const COLORS = ["#3ba8ff", "#36d399", "#fbbd23", "#f87272", "#a78bfa", "#22d3ee", "#fb923c", "#94a3b8"];
  const OK = "#36d399";
  const BAD = "#f87272";
  const DIM = "#8aa4c8";

  const root = document.getElementById("screen");
  if (!root) {
    return;
  }
  const text = root.dataset;
  const zone = "Asia/Shanghai";

  // Scale the canvas to the window, keeping its proportions (letterboxed on other aspect ratios).
  function fit() {
    const scale = Math.min(window.innerWidth / WIDTH, window.innerHeight / HEIGHT);
    root.style.transform = `scale(${scale})`;
    root.style.left = `${Math.max(0, (window.innerWidth - WIDTH * scale) / 2)}px`;
    root.style.top = `${Math.max(0, (window.innerHeight - HEIGHT * scale) / 2)}px`;
  }

  function el(tag, className, content) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (content !== undefined && content !== null) {
      node.textContent = String(content);
    }
    return node;
  }

  function number(value, digits) {
    if (value === null || value === undefined) {
      return "—";
    }
    const places = digits === undefined ? (Math.abs(value) >= 100 ? 0 : 1) : digits;
    return Number(value).toLocaleString("zh-CN", {maximumFractionDigits: places, minimumFractionDigits: 0});
  }

  const formats = {
    hour: new Intl.DateTimeFormat("zh-CN", {timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23"}),
    day: new Intl.DateTimeFormat("zh-CN", {timeZone: zone, month: "2-digit", day: "2-digit"}),
    month: new Intl.DateTimeFormat("zh-CN", {timeZone: zone, year: "numeric", month: "2-digit"}),
    clock: new Intl.DateTimeFormat("zh-CN", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"}),
    date: new Intl.DateTimeFormat("zh-CN", {timeZone: zone, month: "2-digit", day: "2-digit"}),
  };

  function periodLabel(iso, period) {
    return (formats[period] || formats.day).format(new Date(iso));
  }

  // One ECharts instance per chart element, made once; later answers are merged into it.
  function chart(container, id, className) {
    let node = container.querySelector(`#${id}`);
    if (!node) {
      node = el("div", `chart ${className || ""}`);
      node.id = id;
      container.appendChild(node);
    }
    let instance = window.echarts.getInstanceByDom(node);
    if (!instance) {
      instance = window.echarts.init(node, "dark", {renderer: "canvas"});
      instance.on("finished", () => {
        node.dataset.finished = String(Number(node.dataset.finished || 0) + 1);
      });
    }
    return instance;
  }

  function base(option) {
    // Tooltips are drawn in the canvas (richText): the HTML tooltip carries style attributes the CSP refuses.
    return Object.assign({
      backgroundColor: "transparent", color: COLORS, textStyle: {fontFamily: FONT},
      tooltip: {renderMode: "richText"}, animationDurationUpdate: 600,
    }, option);
  }

  function slot(body, className) {
    // One block per class list, found again on each refresh (every class must match, not only the first).
    let node = body.querySelector(`:scope > .${className.trim().split(/\s+/).join(".")}`);
    if (!node) {
      node = el("div", className);
      body.appendChild(node);
    }
    return node;
  }

  function figures(container, items) {
    container.replaceChildren(...items.map(([label, value, warn]) => {
      const box = el("div", `figure${warn ? " warn" : ""}`);
      box.append(el("span", "figure-value", value), el("span", "figure-label", label));
      return box;
    }));
  }

  const renderers = {
    standards(body, data) {
      figures(slot(body, "figures"), [[text.total, number(data.total, 0)]]);
      const charts = slot(body, "charts charts-standards");
      const subsystems = data.subsystems.map((s) => ({
        name: s.name, value: s.value, children: s.categories.map((c) => ({name: c.name, value: c.value})),
      }));
      chart(charts, "chart-standards-subsystems", "chart-wide").setOption(base({
        title: {text: text.bySubsystem, textStyle: {fontSize: 15, color: DIM}},
        series: [{type: "treemap", data: subsystems, top: 30, left: 4, right: 4, bottom: 4, roam: false,
          nodeClick: false, breadcrumb: {show: false}, sort: false, visibleMin: 1,
          label: {fontSize: 11, formatter: "{b}\n{c}"}, upperLabel: {show: true, height: 20, fontSize: 12},
          levels: [{itemStyle: {borderWidth: 0, gapWidth: 3}, upperLabel: {show: false}},
            {itemStyle: {borderColor: "#071327", borderWidth: 3, gapWidth: 1}},
            {itemStyle: {borderColor: "#0d2446", borderWidth: 1}, colorSaturation: [0.35, 0.6]}]}],
      }), {replaceMerge: ["series"]});
      chart(charts, "chart-standards-levels").setOption(base({
        title: {text: text.byLevel, textStyle: {fontSize: 15, color: DIM}},
        series: [{type: "pie", radius: ["28%", "48%"], center: ["50%", "60%"],
          label: {formatter: "{b} {c}", fontSize: 11}, labelLine: {length: 6, length2: 6},
          data: data.levels.map((x) => ({name: x.name, value: x.value}))}],
      }));
      chart(charts, "chart-standards-statuses").setOption(base({
        title: {text: text.byStatus, textStyle: {fontSize: 15, color: DIM}},
        grid: {left: 96, right: 40, top: 34, bottom: 10},
        xAxis: {type: "value", show: false},
        yAxis: {type: "category", inverse: true, data: data.statuses.map((x) => x.name),
          axisLabel: {fontSize: 12}, axisTick: {show: false}},
        series: [{type: "bar", data: data.statuses.map((x) => x.value), barWidth: 12,
          label: {show: true, position: "right"}, itemStyle: {borderRadius: 6}}],
      }));
    },

    pipeline(body, data) {
      figures(slot(body, "figures"), [
        [text.openProjects, number(data.open_projects, 0)],
        [text.commentPeriods, number(data.comment_periods_open, 0)],
        [text.reviewMeetings, number(data.review_meetings_due, 0)],
        [text.reviewsOverdue, number(data.periodic_reviews_overdue, 0), data.periodic_reviews_overdue > 0],
        [text.reviewsUpcoming, number(data.periodic_reviews_upcoming, 0)],
      ]);
      const charts = slot(body, "charts");
      chart(charts, "chart-pipeline-stages", "chart-wide").setOption(base({
        grid: {left: 10, right: 10, top: 20, bottom: 44},
        xAxis: {type: "category", data: data.stages.map((x) => x.name),
          axisLabel: {interval: 0, fontSize: 12, width: 56, overflow: "break"}},
        yAxis: {type: "value", minInterval: 1, splitLine: {lineStyle: {color: "#1d3556"}}},
        series: [{type: "bar", data: data.stages.map((x) => x.value), barWidth: "50%",
          label: {show: true, position: "top"}, itemStyle: {color: "#3ba8ff", borderRadius: [4, 4, 0, 0]}}],
      }));
    },

    indicators(body, data) {
      figures(slot(body, "figures"), [
        [text.met, number(data.met, 0)], [text.missed, number(data.missed, 0), data.missed > 0],
        [text.noData, number(data.no_data, 0)],
      ]);
      const grid = slot(body, "indicator-grid");
      const wanted = new Set();
      for (const domain of data.domains) {
        for (const item of domain.indicators) {
          wanted.add(item.code);
          let card = grid.querySelector(`[data-code="${CSS.escape(item.code)}"]`);
          if (!card) {
            card = el("a", "indicator-card");
            card.dataset.code = item.code;
            card.append(el("div", "indicator-domain"), el("div", "indicator-name"), el("div", "indicator-value"),
              el("div", "indicator-target"));
            grid.appendChild(card);
          }
          card.href = item.url;
          card.classList.toggle("missed", item.met === false);
          card.classList.toggle("met", item.met === true);
          card.querySelector(".indicator-domain").textContent = domain.name;
          card.querySelector(".indicator-name").textContent = item.name;
          const value = card.querySelector(".indicator-value");
          // Units of measure (kWh, min, ℃) are content, not interface: marked translate="no".
          const unit = el("span", "u", item.value === null ? "" : item.unit);
          unit.setAttribute("translate", "no");
          value.replaceChildren(el("span", "v", number(item.value)), unit);
          const state = item.met === null ? text.noData : (item.met ? text.met : text.missed);
          const target = el("span", "", item.target);
          target.setAttribute("translate", "no");
          card.querySelector(".indicator-target").replaceChildren(
            `${text.target} `, target, ` · ${item.period_label} · ${state}`);
          const marks = [];
          if (item.target_low !== null) {
            marks.push({yAxis: item.target_low});
          }
          if (item.target_high !== null && item.target_high !== item.target_low) {
            marks.push({yAxis: item.target_high});
          }
          chart(card, `chart-indicator-${item.code}`, "sparkline").setOption(base({
            grid: {left: 38, right: 8, top: 8, bottom: 18},
            xAxis: {type: "category", boundaryGap: false, axisLabel: {fontSize: 9, color: DIM},
              data: item.series.map((p) => periodLabel(p.start, item.period))},
            yAxis: {type: "value", scale: true, axisLabel: {fontSize: 9, color: DIM},
              splitLine: {lineStyle: {color: "#1d3556"}}},
            tooltip: {trigger: "axis", renderMode: "richText"},
            series: [{type: "line", name: item.name, smooth: true, showSymbol: item.series.length < 3,
              data: item.series.map((p) => ({value: p.value, itemStyle: {color: p.met ? OK : BAD}})),
              lineStyle: {color: item.met === false ? BAD : "#3ba8ff", width: 2},
              areaStyle: {opacity: 0.12},
              markLine: {silent: true, symbol: "none", label: {show: false},
                lineStyle: {color: "#fbbd23", type: "dashed"}, data: marks}}],
          }));
        }
      }
      let changed = false;
      for (const card of [...grid.children]) {
        if (!wanted.has(card.dataset.code)) {
          window.echarts.getInstanceByDom(card.querySelector(".chart"))?.dispose();
          card.remove();
          changed = true;
        }
      }
      // The cards share the tile's height: once their number is known (or changes) each chart takes its size.
      if (changed || grid.dataset.count !== String(wanted.size)) {
        grid.dataset.count = String(wanted.size);
        for (const node of grid.querySelectorAll(".chart")) {
          window.echarts.getInstanceByDom(node)?.resize();
        }
      }
    },

    units(body, data) {
      figures(slot(body, "figures"), data.states.map((s, i) => [s.name, number(s.value, 0), i === 1 && s.value > 0]));
      const layout = slot(body, "unit-layout");
      layout.replaceChildren(...data.units.map((unit) => {
        const box = el("div", "unit");
        box.append(el("div", "unit-name", unit.name));
        const list = el("div", "unit-sources");
        for (const source of unit.sources) {
          const chip = el("a", `source state-${source.state}`, source.name);
          chip.href = source.url;
          chip.dataset.code = source.code;
          chip.title = `${source.domain} · ${source.state_label}`;
          list.appendChild(chip);
        }
        box.appendChild(list);
        return box;
      }));
    },

    ticker(body, data) {
      const frame = slot(body, "ticker");
      if (!data.items.length) {
        frame.replaceChildren(el("div", "ticker-empty", text.nothing));
        return;
      }
      const list = el("ul", "ticker-list");
      const line = (item) => {
        const row = el("li", item.urgent ? "urgent" : "");
        row.dataset.kind = item.kind;
        if (item.severity) {
          row.classList.add(`severity-${item.severity.toLowerCase()}`);
        }
        const words = item.url ? el("a", "", item.text) : el("span", "", item.text);
        if (item.url) {
          words.href = item.url;
        }
        row.append(el("time", "", formats.date.format(new Date(`${item.date}T12:00:00+08:00`))), words);
        return row;
      };
      list.append(...data.items.map(line));
      frame.replaceChildren(list);
      // Scroll only when the list is longer than the frame: a second copy makes the loop seamless.
      if (list.scrollHeight > frame.clientHeight) {
        list.append(...data.items.map(line).map((row) => {
          row.setAttribute("aria-hidden", "true");
          return row;
        }));
        list.classList.add("scrolling");
        list.style.animationDuration = `${Math.max(20, data.items.length * 3)}s`;
      }
    },

    rates(body, data) {
      const charts = slot(body, "charts");
      const empty = slot(body, "rates-empty");
      empty.textContent = data.items.length ? "" : (data.note || text.noData);
      const id = body.parentElement.id;
      // Both chart elements exist before either chart is made, so each takes its half of the width.
      for (const name of [`chart-rates-${id}`, `chart-rates-trend-${id}`]) {
        if (!charts.querySelector(`#${name}`)) {
          const node = el("div", "chart");
          node.id = name;
          charts.appendChild(node);
        }
      }
      chart(charts, `chart-rates-${id}`).setOption(base({
        grid: {left: 150, right: 50, top: 24, bottom: 6},
        title: {text: text.today, textStyle: {fontSize: 13, color: DIM}},
        xAxis: {type: "value", max: 100, show: false},
        yAxis: {type: "category", inverse: true, data: data.items.map((x) => x.name),
          axisLabel: {fontSize: 12, width: 140, overflow: "truncate"}},
        series: [{type: "bar", barWidth: 10, label: {show: true, position: "right", formatter: (p) => `${number(p.value)}%`},
          data: data.items.map((x) => ({value: x.value,
            itemStyle: {color: x.target !== null && x.value !== null && x.value < x.target ? BAD : OK}}))}],
      }), {replaceMerge: ["series"]});
      // The trend: one line per standard, a gap on a day nothing was measured.
      const days = data.items.length ? data.items[0].trend.map((p) => periodLabel(p.start, "day")) : [];
      chart(charts, `chart-rates-trend-${id}`).setOption(base({
        grid: {left: 36, right: 12, top: 30, bottom: 20},
        title: {text: text.trend, textStyle: {fontSize: 13, color: DIM}},
        tooltip: {trigger: "axis", renderMode: "richText"},
        xAxis: {type: "category", boundaryGap: false, data: days, axisLabel: {fontSize: 10, color: DIM}},
        yAxis: {type: "value", min: 0, max: 100, axisLabel: {fontSize: 10, color: DIM},
          splitLine: {lineStyle: {color: "#1d3556"}}},
        series: data.items.map((x) => ({type: "line", name: x.name, showSymbol: false, connectNulls: false,
          data: x.trend.map((p) => p.value)})),
      }), {replaceMerge: ["series"]});
    },
  };

  const status = document.getElementById("screen-status");
  const failing = new Set();

  function showStatus() {
    status.textContent = failing.size ? text.stale : "";
    status.classList.toggle("warn", failing.size > 0);
  }

  async function refresh(tile) {
    const body = tile.querySelector(".tile-body");
    try {
      // The API answers in the language a caller asks for: ask for the page's, not the browser's.
      const response = await fetch(tile.dataset.url, {credentials: "same-origin",
        headers: {Accept: "application/json", "Accept-Language": document.documentElement.lang}});
      if (response.status === 401) {
        window.location.reload(); // the session ended: the page sends the viewer to the login page
        return;
      }
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      const data = await response.json();
      renderers[tile.dataset.renderer](body, data);
      tile.dataset.loaded = String(Number(tile.dataset.loaded || 0) + 1);
      tile.dataset.updated = new Date().toISOString();
      failing.delete(tile.dataset.key);
    } catch (error) {
      failing.add(tile.dataset.key);
      console.warn(tile.dataset.key, error);
    }
    showStatus();
    window.setTimeout(() => refresh(tile), Number(tile.dataset.refresh || 15) * 1000);
  }

  function tick() {
    document.getElementById("screen-clock").textContent = formats.clock.format(new Date());
  }

  document.addEventListener("DOMContentLoaded", () => {
    fit();
    window.addEventListener("resize", fit);
    tick();
    window.setInterval(tick, 1000);
    for (const tile of document.querySelectorAll(".tile[data-url]")) {
      if (renderers[tile.dataset.renderer]) {
        refresh(tile);
      }
    }
  });
})();

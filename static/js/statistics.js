/* Charts of the statistics page (Apache ECharts, vendored in static/vendor/echarts/6.1.0/).
   The figures come from the json_script element #statistics-data: no inline script (CSP). */
(function () {
  "use strict";
  function start() {
    var source = document.getElementById("statistics-data");
    if (!source || typeof window.echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var L = data.labels;
    function chart(id, option) {
      var el = document.getElementById(id);
      if (!el) { return; }
      el.style.height = "260px";
      el.style.minWidth = "280px";
      var c = window.echarts.init(el, null, { renderer: "svg" });
      c.setOption(option);
      el.setAttribute("data-ready", "1");
      window.addEventListener("resize", function () { c.resize(); });
    }
    function pct(v) { return v === null ? null : Math.round(v * 1000) / 10; }
    chart("chart-targets", {
      tooltip: { trigger: "axis" },
      legend: { data: [L.target, L.actual] },
      xAxis: { type: "category", data: data.targets.map(function (t) { return t.name; }) },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: L.target, type: "bar", data: data.targets.map(function (t) { return pct(t.target); }) },
        { name: L.actual, type: "bar", data: data.targets.map(function (t) { return pct(t.actual); }) }
      ]
    });
    chart("chart-departments", {
      tooltip: { trigger: "axis" },
      legend: { data: [L.pushed, L.claimed_on_time, L.overdue] },
      xAxis: { type: "category", data: data.departments.map(function (d) { return d.name; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: ["pushed", "claimed_on_time", "overdue"].map(function (k) {
        return { name: L[k], type: "bar", data: data.departments.map(function (d) { return d[k]; }) };
      })
    });
    chart("chart-groups", {
      tooltip: { trigger: "axis" },
      legend: { data: [L.decided, L.on_time] },
      xAxis: { type: "category", data: data.groups.map(function (g) { return g.name; }),
               axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: "value", minInterval: 1 },
      series: ["decided", "on_time"].map(function (k) {
        return { name: L[k], type: "bar", data: data.groups.map(function (g) { return g[k]; }) };
      })
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();

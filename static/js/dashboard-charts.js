// The dashboard's charts (Chart.js, vendored). The data comes from the page's <script type="application/json">
// block (no inline script: Content-Security-Policy); every bar and point opens the list or dashboard behind it.
(function () {
  "use strict";
  function vn(n) {
    if (n === null || n === undefined) return "—";
    return Number(n).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  }
  function linked(chart, urls) {
    chart.options.onClick = function (evt, elements) {
      if (elements.length && urls[elements[0].index]) window.location.href = urls[elements[0].index];
    };
  }
  var made = [];
  function start() {
    var block = document.getElementById("dash-data");
    if (!block || !window.Chart) return;
    // The live conference board swaps its content every few seconds: the charts of the old content go first.
    made.forEach(function (c) { c.destroy(); });
    made = [];
    var data = JSON.parse(block.textContent);
    var still = document.querySelector(".dash-print, #board") !== null;
    Chart.defaults.font.size = 14;
    if (still) Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    var ticks = { callback: function (v) { return vn(v); } };
    var trend = document.getElementById("chart-trend");
    if (trend && data.trend) {
      var t = new Chart(trend, {
        type: "line",
        data: { labels: data.trend.labels, datasets: data.trend.series.map(function (s) { return { label: s.label, data: s.data, spanGaps: true }; }) },
        options: { scales: { y: { ticks: ticks, beginAtZero: true } }, plugins: { legend: { position: "bottom" } } },
      });
      linked(t, data.trend.urls);
      made.push(t);
    }
    var br = document.getElementById("chart-breakdown");
    if (br && data.breakdown) {
      var b = new Chart(br, {
        type: "bar",
        data: { labels: data.breakdown.labels, datasets: [{ label: data.breakdown.title, data: data.breakdown.data }] },
        options: { indexAxis: "y", scales: { x: { ticks: ticks, beginAtZero: true } }, plugins: { legend: { display: false } } },
      });
      linked(b, data.breakdown.urls);
      made.push(b);
    }
    var cp = document.getElementById("chart-completeness");
    if (cp && data.completeness && data.completeness.labels.length) {
      cp.parentNode.style.height = Math.max(160, 26 * data.completeness.labels.length) + "px";
      var c = new Chart(cp, {
        type: "bar",
        data: { labels: data.completeness.labels, datasets: [{ label: "Tỷ lệ nộp (%)", data: data.completeness.data }] },
        options: { indexAxis: "y", scales: { x: { min: 0, max: 100, ticks: ticks } }, plugins: { legend: { display: false } } },
      });
      linked(c, data.completeness.urls);
      made.push(c);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("htmx:afterSettle", start);
})();

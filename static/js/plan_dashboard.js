/* The plan dashboard's two charts (Chart.js): progress per target and products per step of the cycle.
   Data come from JSON blocks, labels from the canvases' data-* attributes (translated in the template). */
(function () {
  "use strict";
  var targets = document.getElementById("targets-chart");
  var steps = document.getElementById("steps-chart");
  // one number format (decimal comma, thousands dot) in ticks and tooltips, whatever the browser's locale
  var num = new Intl.NumberFormat("vi-VN", {maximumFractionDigits: 1});
  var colour = function (ok) { return ok === true ? "#198754" : ok === false ? "#dc3545" : "#6c757d"; };
  if (targets) {
    var t = JSON.parse(document.getElementById("targets-data").textContent);
    new Chart(targets, {
      type: "bar",
      data: {labels: t.labels, datasets: [{label: targets.dataset.label, data: t.percent, backgroundColor: t.on_track.map(colour)}]},
      options: {locale: "vi-VN", indexAxis: "y", maintainAspectRatio: false, scales: {x: {min: 0, suggestedMax: 120, ticks: {callback: function (v) { return num.format(v) + " %"; }}}, y: {ticks: {autoSkip: false}}},
        plugins: {legend: {display: false}, tooltip: {callbacks: {label: function (c) { return num.format(c.parsed.x) + " %"; }}}}}
    });
  }
  if (steps) {
    var s = JSON.parse(document.getElementById("steps-data").textContent);
    new Chart(steps, {
      type: "bar",
      data: {labels: s.labels, datasets: [
        {label: steps.dataset.onTime, data: s.counts.map(function (n, i) { return n - s.stuck[i]; }), backgroundColor: "#0d6efd"},
        {label: steps.dataset.stuck, data: s.stuck, backgroundColor: "#dc3545"}]},
      options: {locale: "vi-VN", maintainAspectRatio: false, scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true}}}
    });
  }
})();

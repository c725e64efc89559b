/* Draws the sales dashboard's charts from the figures the page carries in a
   JSON data block (#dashboard-data). The tables under each chart hold the
   same numbers, so the page says everything without JavaScript. */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var figures = JSON.parse(source.textContent);
  var css = window.getComputedStyle(document.documentElement);

  function colour(name, fallback) {
    return css.getPropertyValue(name).trim() || fallback;
  }

  var primary = colour("--bs-primary", "#0d6efd");
  var success = colour("--bs-success", "#198754");
  var danger = colour("--bs-danger", "#dc3545");
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function labels(rows) {
    return rows.map(function (row) { return row.label; });
  }

  function counts(rows, key) {
    return rows.map(function (row) { return row[key]; });
  }

  function config(canvas, rows) {
    var kind = canvas.dataset.chart;
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion ? false : { duration: 400 },
      plugins: { legend: { display: kind === "stacked" } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
    };
    if (kind === "stacked") {
      options.scales = {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
      };
      return {
        type: "bar",
        data: {
          labels: labels(rows),
          datasets: [
            { label: canvas.dataset.wonLabel, data: counts(rows, "won"), backgroundColor: success },
            { label: canvas.dataset.lostLabel, data: counts(rows, "lost"), backgroundColor: danger }
          ]
        },
        options: options
      };
    }
    return {
      type: kind,
      data: {
        labels: labels(rows),
        datasets: [{
          label: canvas.dataset.label,
          data: counts(rows, "count"),
          backgroundColor: primary,
          borderColor: primary,
          tension: 0.2
        }]
      },
      options: options
    };
  }

  document.querySelectorAll("canvas[data-figure]").forEach(function (canvas) {
    var rows = figures[canvas.dataset.figure] || [];
    if (!rows.length) {
      canvas.parentElement.hidden = true;
      return;
    }
    new window.Chart(canvas, config(canvas, rows));
  });
})();
